/**
 * The working set shared by the version decoders for one datagram: the
 * reused record, header context and outcome, the exporter's state, the
 * consumer callback and the configured limits. NetflowDecoder owns one
 * session and refills it per datagram.
 */
import { FlowRecord } from '../../model/flowRecord.ts';
import { DatagramContext } from './datagramContext.ts';
import { DecodeOutcome, DECODE_PARTIAL } from './decodeOutcome.ts';
import { DomainState, ExporterState } from './exporterState.ts';
import type { MalformedKind } from './malformedKind.ts';
import type { CustomFieldExtractor } from './customFields.ts';
import type { TemplateLimits, TemplateSetInput, TemplateTally } from './templateParser.ts';

export type EmitRecord = (rec: FlowRecord) => void;

export interface SessionLimits extends TemplateLimits {
  /** Observation domains (v9 source ids, IPFIX domains, v5 engines) kept per exporter. */
  readonly maxDomainsPerExporter: number;
}

export class DecodeSession {
  readonly rec = new FlowRecord();
  readonly ctx = new DatagramContext();
  readonly outcome = new DecodeOutcome();
  exporter: ExporterState = new ExporterState('');
  /** The exporter's socket address, the default peer_src_ip. */
  exporterFamily = 0;
  exporterAddress: Uint8Array = new Uint8Array(16);
  private consumer: EmitRecord = () => {};
  /** True while the consumer runs: an exception then is the consumer's, not a decoder fault. */
  inConsumer = false;
  arrivalSec = 0;
  /** nfacctd_disable_checks: sequence mismatches are then counted but not reported in the outcome. */
  disableChecks = true;
  /** nfacctd_account_options: emit options data records as (event) records too. */
  accountOptions = false;
  /** aggregate_primitives: fills custom primitives from v9/IPFIX records; null without any. */
  custom: CustomFieldExtractor | null = null;
  limits: SessionLimits;
  /** Templates cached across all exporters. */
  readonly templates: TemplateTally = { count: 0 };
  private readonly templateInput: TemplateSetInput;

  constructor(limits: SessionLimits) {
    this.limits = limits;
    this.templateInput = { b: new Uint8Array(0), start: 0, end: 0, version: 0, exporter: this.exporter, domain: new DomainState(0), nowSec: 0, limits, tally: this.templates };
  }

  /** The template parser's input for one set, in a reused object. */
  templateSetInput(b: Uint8Array, start: number, end: number, version: number, domain: DomainState): TemplateSetInput {
    const input = this.templateInput;
    input.b = b;
    input.start = start;
    input.end = end;
    input.version = version;
    input.exporter = this.exporter;
    input.domain = domain;
    input.nowSec = this.arrivalSec;
    return input;
  }

  setConsumer(consumer: EmitRecord): void {
    this.consumer = consumer;
    this.inConsumer = false;
  }

  /** Hands the filled record to the consumer. */
  emit(): void {
    this.inConsumer = true;
    this.consumer(this.rec);
    this.inConsumer = false;
  }

  /** Counts a malformed part and records it in the outcome; decoding may go on. */
  malformed(kind: MalformedKind, status = DECODE_PARTIAL): void {
    this.exporter.stats.countMalformed(kind);
    this.outcome.fail(kind, status);
  }

  /** Points the record's peer_src_ip at the options-announced exporter address, or the socket's. */
  setPeerSrcIp(family: number, address: Uint8Array): void {
    const ip = this.rec.peerSrcIp;
    if (family === 4) ip.setV4(address, 0);
    else if (family === 6) ip.setV6(address, 0);
    else ip.clear();
  }
}
