/**
 * An options template compiled into what nfacctd 1.7.7 takes from options
 * data records: sampler rates (48/302 with 34, 50 or 305/306) and the
 * exporter address (130/131), scoped to the whole exporter when the
 * template has a v9 "System" scope (pmacct tests field type 1, which also
 * matches an IPFIX octetDeltaCount), else to the observation domain.
 */
import { IE, V9_SCOPE_SYSTEM } from './informationElements.ts';
import type { Template } from './template.ts';

export class OptionsLayout {
  systemScoped = false;
  /** The record defines a sampler: 48 present, or a 4-byte 34 or 305. */
  isSampling = false;
  samplerId = -1;
  selectorId = -1;
  samplingInterval = -1;
  samplerInterval = -1;
  packetInterval = -1;
  packetSpace = -1;
  /** IPFIX templateId scope (145): its value becomes the sampler id. */
  scopeTemplateId = -1;
  exporterV4 = -1;
  exporterV6 = -1;
}

export function compileOptionsLayout(t: Template): OptionsLayout {
  const L = new OptionsLayout();
  const find = (id: number): number => {
    // Like pmacct's per-id table: the last occurrence of an IANA id wins; zero-length means absent.
    let found = -1;
    for (let i = 0; i < t.fieldCount; i++) if (t.ids[i] === id && t.pens[i] === 0) found = i;
    return found >= 0 && t.declaredLengths[found] > 0 ? found : -1;
  };
  L.systemScoped = find(V9_SCOPE_SYSTEM) >= 0;
  L.samplerId = find(IE.samplerId);
  L.selectorId = find(IE.selectorId);
  L.samplingInterval = find(IE.samplingInterval);
  L.samplerInterval = find(IE.samplerRandomInterval);
  L.packetInterval = find(IE.samplingPacketInterval);
  L.packetSpace = find(IE.samplingPacketSpace);
  L.scopeTemplateId = find(IE.templateId);
  L.isSampling =
    L.samplerId >= 0 ||
    (L.samplingInterval >= 0 && t.declaredLengths[L.samplingInterval] === 4) ||
    (L.packetInterval >= 0 && t.declaredLengths[L.packetInterval] === 4);
  const v4 = find(IE.exporterIPv4Address);
  const v6 = find(IE.exporterIPv6Address);
  if (v4 >= 0 && t.declaredLengths[v4] === 4) L.exporterV4 = v4;
  else if (v6 >= 0 && t.declaredLengths[v6] === 16) L.exporterV6 = v6;
  return L;
}
