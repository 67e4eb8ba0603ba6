/**
 * Applies one options data record to the exporter state, as nfacctd's
 * options handling does: sampler definitions go to the sampling table of
 * the domain (or of the whole exporter when system-scoped), an exporter
 * address becomes the domain's peer_src_ip.
 */
import type { DatagramContext } from './datagramContext.ts';
import type { OptionsLayout } from './optionsLayout.ts';
import type { Template } from './template.ts';
import { readU16, readU32 } from './wireReaders.ts';

export function applyOptionsRecord(L: OptionsLayout, t: Template, b: Uint8Array, base: number, ctx: DatagramContext): void {
  const offs = t.offsets;
  const lens = t.lengths;
  const target = L.systemScoped ? ctx.system : ctx.domain;
  let i: number;

  if (L.isSampling) {
    let samplerId = 0;
    if (!L.systemScoped && ctx.version === 10 && (i = L.scopeTemplateId) >= 0 && lens[i] >= 2) samplerId = readU16(b, base + offs[i]);
    const idLen = (i = L.samplerId) >= 0 ? lens[i] : 0;
    if (idLen === 1 || idLen === 2 || idLen === 4) samplerId = sized(b, base + offs[i], idLen);
    else if ((i = L.selectorId) >= 0 && lens[i] === 8) samplerId = readU32(b, base + offs[i] + 4);

    let rate = 0;
    const intervalLen = (i = L.samplingInterval) >= 0 ? lens[i] : 0;
    if (intervalLen === 1 || intervalLen === 2 || intervalLen === 4) rate = sized(b, base + offs[i], intervalLen);
    const samplerLen = (i = L.samplerInterval) >= 0 ? lens[i] : 0;
    if (samplerLen === 1 || samplerLen === 2 || samplerLen === 4) rate = sized(b, base + offs[i], samplerLen);
    else if (L.packetInterval >= 0 && L.packetSpace >= 0 && lens[L.packetInterval] === 4 && lens[L.packetSpace] === 4) {
      // RFC 5476 systematic count-based sampling: 1 packet in (interval + space) / interval.
      const interval = readU32(b, base + offs[L.packetInterval]);
      const space = readU32(b, base + offs[L.packetSpace]);
      if (interval !== 0) rate = Math.floor((interval + space) / interval);
    }
    target.sampling.set(samplerId, rate);
  }

  if ((i = L.exporterV4) >= 0) {
    target.exporterAddressFamily = 4;
    target.exporterAddress.fill(0);
    for (let k = 0; k < 4; k++) target.exporterAddress[k] = b[base + offs[i] + k];
  } else if ((i = L.exporterV6) >= 0) {
    target.exporterAddressFamily = 6;
    for (let k = 0; k < 16; k++) target.exporterAddress[k] = b[base + offs[i] + k];
  }
}

function sized(b: Uint8Array, off: number, len: number): number {
  return len === 1 ? b[off] : len === 2 ? readU16(b, off) : readU32(b, off);
}
