/** Test-only: the UDP datagrams of an sFlow capture, read with the savefile source (capture clock). */
import { fileURLToPath } from 'node:url';
import { PcapSavefileSource } from '../../../src/collect/pcapSavefileSource.ts';
import type { ExporterRef } from '../../../src/model/exporterRef.ts';

export const SFLOW_FIXTURES = fileURLToPath(new URL('../../fixtures/sflow/', import.meta.url));

export interface CapturedDatagram {
  payload: Uint8Array;
  exporter: ExporterRef;
  sec: number;
  usec: number;
}

export function readSflowCapture(path: string): CapturedDatagram[] {
  const source = new PcapSavefileSource(path, { arrivalClock: 'capture' });
  const out: CapturedDatagram[] = [];
  for (let d = source.next(); d !== null; d = source.next()) {
    // A copy: Buffer.slice would be a view into memory the source reuses (and tests mutate).
    // A copy: Buffer#slice would be a view, and the fuzz test mutates what it is given.
    out.push({ payload: new Uint8Array(d.payload), exporter: d.exporter, sec: d.arrivalSec, usec: d.arrivalUsec });
  }
  source.close();
  return out;
}
