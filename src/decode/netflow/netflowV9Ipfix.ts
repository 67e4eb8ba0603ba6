/**
 * NetFlow v9 (RFC 3954) and IPFIX (RFC 7011) messages: a header, then sets
 * walked by their length fields until the end of the message. Template
 * sets update the domain's cache before later sets of the same datagram
 * use it; a data set whose template is unknown is counted and skipped.
 * Records are decoded while a whole record fits in its set; what is left
 * is padding.
 *
 * The v9 header's count (RFC 3954: records of all kinds in the packet)
 * bounds the walk the way pmacct 1.7.7 reads it, as a number of flowsets:
 * at least one flowset is read, and no more than `count`. Sane exporters
 * never have fewer records than flowsets, so only a wrong count stops
 * early, as it does in pmacct (and in tshark).
 */
import { DECODE_PARTIAL, DECODE_REJECTED } from './decodeOutcome.ts';
import type { DecodeSession } from './decodeSession.ts';
import type { DomainState } from './exporterState.ts';
import { applyOptionsRecord } from './optionsRecord.ts';
import { RECORD_EVENT, RECORD_FRAME, RECORD_IPV4, RECORD_OPTION, RECORD_UNCLASSIFIED } from './recordContext.ts';
import { classifyRecord, fillRecord } from './recordFiller.ts';
import { SEQUENCE_IN_ORDER, SEQUENCE_REORDERED } from './sequenceTracker.ts';
import type { Template } from './template.ts';
import {
  MIN_DATA_SET_ID,
  parseOptionsTemplateSet,
  parseTemplateSet,
  SET_IPFIX_OPTIONS_TEMPLATE,
  SET_IPFIX_TEMPLATE,
  SET_V9_OPTIONS_TEMPLATE,
  SET_V9_TEMPLATE,
} from './templateParser.ts';
import { readU16, readU32 } from './wireReaders.ts';

export const V9_HEADER_LENGTH = 20;
export const IPFIX_HEADER_LENGTH = 16;
const SET_HEADER_LENGTH = 4;

export function decodeV9Ipfix(s: DecodeSession, b: Uint8Array, len: number, version: 9 | 10): void {
  const ipfix = version === 10;
  const headerLength = ipfix ? IPFIX_HEADER_LENGTH : V9_HEADER_LENGTH;
  if (len < headerLength) return s.malformed('shortHeader', DECODE_REJECTED);
  let end = len;
  if (ipfix) {
    const messageLength = readU16(b, 2);
    if (messageLength !== len) {
      s.malformed('ipfixLengthMismatch');
      // Bytes after the announced message end are not part of it; a length
      // beyond the datagram (truncated message) leaves what arrived to decode.
      if (messageLength >= IPFIX_HEADER_LENGTH && messageLength < len) end = messageLength;
    }
  }
  const exportSecs = readU32(b, ipfix ? 4 : 8);
  const sequence = readU32(b, ipfix ? 8 : 12);
  const domainId = readU32(b, ipfix ? 12 : 16);

  const exporter = s.exporter;
  const domain = exporter.domain(exporter.domains, domainId, s.limits.maxDomainsPerExporter);
  if (domain === null) return s.malformed('limitExceeded', DECODE_REJECTED);

  const ctx = s.ctx;
  ctx.version = version;
  ctx.exportSecs = exportSecs;
  ctx.sysUptimeMs = ipfix ? 0 : readU32(b, 4);
  ctx.domain = domain;
  ctx.system = exporter.system;
  const extras = ctx.extras;
  extras.version = version;
  extras.domainId = domainId;
  extras.engineType = 0;
  extras.engineId = 0;
  extras.bytes = b;
  const rec = s.rec;
  rec.exportProtoVersion = version;
  rec.exportProtoSeqno = sequence;
  rec.exportProtoSysid = domainId;
  rec.engineType = 0;
  rec.timestampExport.set(exportSecs, 0);

  const order = checkSequence(s, domain, sequence, version);

  let p = headerLength;
  let recordsSeen = 0;
  let missed = false;
  const maxSets = ipfix ? Infinity : Math.max(readU16(b, 2), 1);
  for (let sets = 0; p < end && sets < maxSets; sets++) {
    if (end - p < SET_HEADER_LENGTH) {
      s.malformed('setHeaderTruncated');
      break;
    }
    const setId = readU16(b, p);
    const setLength = readU16(b, p + 2);
    if (setLength < SET_HEADER_LENGTH || p + setLength > end) {
      s.malformed('setLengthInvalid');
      break;
    }
    const bodyStart = p + SET_HEADER_LENGTH;
    const setEnd = p + setLength;
    p = setEnd;
    if (setId >= MIN_DATA_SET_ID) {
      const t = domain.templates.get(setId);
      if (t === undefined) {
        exporter.stats.templateMisses++;
        s.outcome.templateMisses++;
        missed = true;
        continue;
      }
      recordsSeen += decodeDataSet(s, t, b, bodyStart, setEnd);
    } else if (setId === (ipfix ? SET_IPFIX_TEMPLATE : SET_V9_TEMPLATE)) {
      const problem = parseTemplateSet(s.templateSetInput(b, bodyStart, setEnd, version, domain), setId);
      if (problem !== null) s.outcome.fail(problem, DECODE_PARTIAL);
    } else if (setId === (ipfix ? SET_IPFIX_OPTIONS_TEMPLATE : SET_V9_OPTIONS_TEMPLATE)) {
      const problem = parseOptionsTemplateSet(s.templateSetInput(b, bodyStart, setEnd, version, domain), setId);
      if (problem !== null) s.outcome.fail(problem, DECODE_PARTIAL);
    }
    // Other set ids below 256 are reserved: skipped, as pmacct does.
  }

  if (order !== SEQUENCE_REORDERED) {
    // v9 numbers datagrams; IPFIX numbers data records, which we can only
    // count when every set was read with a known template.
    domain.sequence.advance(sequence, ipfix ? recordsSeen : 1, !ipfix || (!missed && s.outcome.malformed === null));
  }
}

function checkSequence(s: DecodeSession, domain: DomainState, sequence: number, version: number): number {
  if (domain.version !== version) {
    // The exporter switched protocol for this domain: different numbering, start over.
    domain.version = version;
    domain.sequence.advance(sequence, 0, false);
  }
  const order = domain.sequence.check(sequence, s.exporter.stats);
  if (order !== SEQUENCE_IN_ORDER && !s.disableChecks) {
    s.outcome.sequenceMismatch = true;
    s.outcome.sequenceExpected = domain.sequence.expected;
    s.outcome.sequenceReceived = sequence;
  }
  return order;
}

/** Decodes the records of one data set; returns how many records it held. */
function decodeDataSet(s: DecodeSession, t: Template, b: Uint8Array, start: number, end: number): number {
  const domain = s.ctx.domain;
  if (domain.exporterAddressFamily !== 0) s.setPeerSrcIp(domain.exporterAddressFamily, domain.exporterAddress);
  else s.setPeerSrcIp(s.exporterFamily, s.exporterAddress);
  const extras = s.ctx.extras;
  extras.template = t;

  let records = 0;
  let p = start;
  const fixedLength = t.recordLength;
  while (end - p >= fixedLength) {
    let next: number;
    if (t.hasVariableLength) {
      next = t.resolveVariableRecord(b, p, end);
      if (next < 0) {
        s.malformed('variableLengthOverrun');
        break;
      }
    } else next = p + fixedLength;
    records++;
    if (t.isOptions) decodeOptionsRecord(s, t, b, p);
    else decodeFlowRecord(s, t, b, p);
    p = next;
  }
  return records;
}

function decodeFlowRecord(s: DecodeSession, t: Template, b: Uint8Array, base: number): void {
  const L = t.layout;
  const kind = classifyRecord(L, t, b, base);
  if (kind === RECORD_UNCLASSIFIED) {
    s.exporter.stats.unclassifiedRecords++;
    return;
  }
  const rec = s.rec;
  rec.reset();
  fillRecord(L, t, b, base, kind, rec, s.ctx);
  // The packet a record carries was parsed by fillRecord (RECORD_FRAME): packet_ptr primitives read its layers.
  if (s.custom !== null) s.custom.fill(t, b, base, rec, kind === RECORD_FRAME ? s.ctx.frame.layers : null);
  rec.isEvent = kind === RECORD_EVENT;
  const extras = s.ctx.extras;
  extras.kind = kind;
  extras.recordOffset = base;
  s.outcome.records++;
  s.exporter.stats.records++;
  s.emit();
}

function decodeOptionsRecord(s: DecodeSession, t: Template, b: Uint8Array, base: number): void {
  if (t.optionsLayout !== null) applyOptionsRecord(t.optionsLayout, t, b, base, s.ctx);
  s.exporter.stats.optionRecords++;
  if (!s.accountOptions) return;
  // nfacctd_account_options: pmacct runs its handlers on the options record as on an IPv4 flow.
  const rec = s.rec;
  rec.reset();
  fillRecord(t.layout, t, b, base, RECORD_IPV4, rec, s.ctx);
  if (s.custom !== null) s.custom.fill(t, b, base, rec, null);
  rec.isEvent = true;
  rec.isOption = true;
  const extras = s.ctx.extras;
  extras.kind = RECORD_OPTION;
  extras.recordOffset = base;
  s.outcome.records++;
  s.exporter.stats.records++;
  s.emit();
}
