/**
 * networks_file, networks_mask and the net/AS source selection
 * (nfacctd_net / sfacctd_net, nfacctd_as / sfacctd_as) as pmacct 1.7.7
 * applies them: per plugin, since every one of these keys may differ per
 * plugin (pmacct runs its net_funcs inside each plugin process on the
 * plugin's own copy of the primitives).
 *
 * `withNetworks` wraps a plugin: for each record it rewrites src/dst mask,
 * src/dst AS, peer src/dst AS, peer_dst_ip (and, with
 * networks_file_filter, the hosts) the way this plugin's config asks,
 * hands the record on, then puts the fields back, so the other plugins
 * sharing the record see it unchanged. Nothing is allocated per record.
 *
 * Modes (pmacct's NF_NET_* / NF_AS_* flags):
 * - netflow / sflow (default): keep what the export protocol carried;
 * - file: only networks_file (no match: mask 0, AS 0);
 * - mask: networks_mask for every address;
 * - longest / fallback: the protocol value, replaced by the networks_file
 *   match when its mask is longer (for AS: at least as long as the mask
 *   in effect); networks_file_no_lpm makes any file match win.
 */
import type { ScopedConfig } from '../config/index.ts';
import { ConfigError } from '../config/configError.ts';
import type { FlowConsumer } from '../core/flowConsumer.ts';
import type { Logger } from '../core/logger.ts';
import { AF_INET, IpField, type FlowRecord } from '../model/flowRecord.ts';
import type { FlowDaemon } from '../model/primitive.ts';
import { loadNetworksFile, networkIdOf, type NetworksTable } from '../maps/networksFile.ts';
import { mapReloader, type ReloadableMap } from '../maps/mapReloader.ts';

const KEEP = 1;
const NEW = 2;
const STATIC = 4;
const FALLBACK = 8;

function modeFlags(value: string | undefined, hasFile: boolean, isNet: boolean, hasBgp: boolean): number {
  switch (value) {
    case 'bgp':
      // The BGP lookup stage (bgpLookupStage.ts) resolved the record's values before the plugins.
      return hasBgp ? KEEP : 0;
    case undefined:
    case 'netflow':
    case 'sflow':
      return KEEP;
    case 'file':
      return NEW;
    case 'mask':
      return isNet ? STATIC : KEEP;
    case 'longest':
    case 'fallback':
      return FALLBACK | KEEP | (hasFile ? NEW : 0);
    default:
      // bmp, igp (and bgp without bgp_daemon): sources tsacct has not got; nothing from the protocol either.
      return 0;
  }
}

/** Where one plugin's nets and ASNs come from, resolved from its config. */
export interface NetworksSettings {
  net: number;
  as: number;
  table: NetworksTable | null;
  staticMask: number;
  filter: boolean;
  noLpm: boolean;
  wants: {
    srcNet: boolean; dstNet: boolean; srcMask: boolean; dstMask: boolean;
    srcAs: boolean; dstAs: boolean; peerSrcAs: boolean; peerDstAs: boolean; peerDstIp: boolean;
    srcHost: boolean; dstHost: boolean;
  };
}

export function resolveNetworksSettings(cfg: ScopedConfig, daemon: FlowDaemon, logger: Logger, pluginLabel: string): NetworksSettings | null {
  const file = cfg.str('networks_file');
  const staticMask = cfg.has('networks_mask') ? cfg.int('networks_mask') : 0;
  const netKey = cfg.str('nfacctd_net');
  const asKey = cfg.str('nfacctd_as');
  const agg = new Set(cfg.list('aggregate'));
  const wants = {
    srcNet: agg.has('src_net') || agg.has('sum_net'),
    dstNet: agg.has('dst_net') || agg.has('sum_net'),
    srcMask: agg.has('src_mask'),
    dstMask: agg.has('dst_mask'),
    srcAs: agg.has('src_as') || agg.has('sum_as'),
    dstAs: agg.has('dst_as') || agg.has('sum_as'),
    peerSrcAs: agg.has('peer_src_as'),
    peerDstAs: agg.has('peer_dst_as'),
    peerDstIp: agg.has('peer_dst_ip'),
    srcHost: agg.has('src_host') || agg.has('sum_host'),
    dstHost: agg.has('dst_host') || agg.has('sum_host'),
  };
  const hasBgp = cfg.bool('bgp_daemon');
  const net = modeFlags(netKey, file !== undefined, true, hasBgp);
  const as = modeFlags(asKey, file !== undefined, false, hasBgp);
  const netPrims = wants.srcNet || wants.dstNet || wants.srcMask || wants.dstMask || wants.peerDstIp;
  const asPrims = wants.srcAs || wants.dstAs;
  if (netPrims && ((netKey === 'file' && !file) || (netKey === 'mask' && !staticMask))) {
    throw new ConfigError([
      `${pluginLabel}: network aggregation selected but none of 'bgp_daemon', 'bmp_daemon', 'isis_daemon', 'networks_file', 'networks_mask' is specified.`,
    ]);
  }
  if (asPrims && asKey === 'file' && !file) {
    throw new ConfigError([`${pluginLabel}: AS aggregation selected but NO 'networks_file' specified.`]);
  }
  if (net === KEEP && as === KEEP && !file) return null;
  let table: NetworksTable | null = null;
  if (file) {
    table = loadNetworksFile(file);
    for (const p of table.problems) logger.error(`ERROR ( ${pluginLabel} ): ${p.message}`);
    logger.info(`INFO ( ${pluginLabel} ): [${file}] map successfully (re)loaded.`);
  }
  if (net === KEEP && as === KEEP && !cfg.bool('networks_file_filter')) return null;
  void daemon;
  return {
    net, as, table, staticMask: net & STATIC ? staticMask : 0,
    filter: cfg.bool('networks_file_filter'), noLpm: cfg.bool('networks_file_no_lpm'), wants,
  };
}

/** The plugin behind its networks_file / net / AS resolution, or the plugin itself when nothing applies. */
export function withNetworks(consumer: FlowConsumer, cfg: ScopedConfig, daemon: FlowDaemon, logger: Logger): FlowConsumer {
  const s = resolveNetworksSettings(cfg, daemon, logger, `${consumer.name}/${consumer.type}`);
  if (s === null) return consumer;
  let resolve = makeResolver(s);
  const file = cfg.str('networks_file');
  // SIGUSR2 (maps_refresh): the plugin's networks_file, parsed whole, then swapped in.
  const reloadable: ReloadableMap | null = file === undefined || s.table === null ? null : {
    file,
    refresh: cfg.bool('maps_refresh'),
    logger,
    label: `${consumer.name}/${consumer.type}: [${file}]`,
    reload() {
      const table = loadNetworksFile(file);
      for (const p of table.problems) logger.error(`${consumer.name}/${consumer.type}: ${p.message}`);
      resolve = makeResolver({ ...s, table });
    },
  };
  if (reloadable !== null) mapReloader.register(reloadable);
  const saveSrc = new IpField();
  const saveDst = new IpField();
  const saveNh = new IpField();
  return {
    name: consumer.name,
    type: consumer.type,
    accept(rec: FlowRecord): void {
      void reloadable; // keeps the registration alive as long as the plugin
      const srcMask = rec.srcMask, dstMask = rec.dstMask, srcAs = rec.srcAs, dstAs = rec.dstAs;
      const peerSrcAs = rec.peerSrcAs, peerDstAs = rec.peerDstAs;
      saveSrc.copyFrom(rec.srcHost);
      saveDst.copyFrom(rec.dstHost);
      saveNh.copyFrom(rec.bgpNextHop);
      resolve(rec);
      try {
        consumer.accept(rec);
      } finally {
        rec.srcMask = srcMask; rec.dstMask = dstMask; rec.srcAs = srcAs; rec.dstAs = dstAs;
        rec.peerSrcAs = peerSrcAs; rec.peerDstAs = peerDstAs;
        rec.srcHost.copyFrom(saveSrc);
        rec.dstHost.copyFrom(saveDst);
        rec.bgpNextHop.copyFrom(saveNh);
      }
    },
    start: () => consumer.start(),
    stop: () => consumer.stop(),
    statistics: () => consumer.statistics(),
  };
}

/** The in-place rewrite for one plugin's settings (exported for tests). */
export function makeResolver(s: NetworksSettings): (rec: FlowRecord) => void {
  const t = s.table;
  // The table's columns, indexed by the entry id a lookup returns.
  const masks = t?.masks ?? new Uint8Array(0);
  const asns = t?.asns ?? new Uint32Array(0);
  const peerAsns = t?.peerAsns ?? new Uint32Array(0);
  const zeroNet = t?.zeroNetworks ?? new Uint8Array(0);
  const nhFamilies = t?.nextHopFamilies ?? new Uint8Array(0);
  const nhBytes = t?.nextHops ?? new Uint8Array(0);
  const keepNet = (s.net & KEEP) !== 0;
  const keepAs = (s.as & KEEP) !== 0;
  const newNet = (s.net & NEW) !== 0;
  const newAs = (s.as & NEW) !== 0;
  const fbNet = (s.net & FALLBACK) !== 0;
  const fbAs = (s.as & FALLBACK) !== 0;
  const { filter, noLpm, staticMask, wants } = s;

  const find = (host: IpField): number => (t === null ? -1 : networkIdOf(t, host));
  const hasDefault = (host: IpField): boolean => (host.family === AF_INET ? t!.defaultRoute4 : t!.defaultRoute6);

  return (rec: FlowRecord): void => {
    // What the core would have copied from the export protocol.
    if (!keepNet) {
      rec.srcMask = 0;
      rec.dstMask = 0;
      rec.bgpNextHop.clear();
    }
    if (!keepAs) {
      rec.srcAs = 0;
      rec.dstAs = 0;
      rec.peerSrcAs = 0;
      rec.peerDstAs = 0;
    }
    if (staticMask > 0) {
      rec.srcMask = staticMask;
      rec.dstMask = staticMask;
    }
    if (t === null) return;

    // --- source
    let id = find(rec.srcHost);
    let m = id >= 0 ? masks[id]! : 0;
    if (filter && wants.srcHost && (id < 0 || (zeroNet[id] === 1 && !hasDefault(rec.srcHost)))) zeroHost(rec.srcHost);
    if (newNet) {
      if (!fbNet) rec.srcMask = m;
      else {
        if (noLpm) {
          if (m) rec.srcMask = m;
        } else if (m > rec.srcMask) rec.srcMask = m;
        if (filter && !m && !hasDefault(rec.srcHost)) rec.srcMask = 0;
      }
    }
    if (newAs) {
      const as = id >= 0 ? asns[id]! : 0;
      const peerAs = id >= 0 ? peerAsns[id]! : 0;
      if (wants.srcAs) {
        if (!fbAs) rec.srcAs = as;
        else if (noLpm ? m !== 0 : m >= rec.srcMask) rec.srcAs = as;
      }
      if (wants.peerSrcAs) {
        if (!fbAs) rec.peerSrcAs = peerAs;
        else if (noLpm ? m !== 0 : m >= rec.srcMask) rec.peerSrcAs = peerAs;
      }
    }

    // --- destination
    id = find(rec.dstHost);
    m = id >= 0 ? masks[id]! : 0;
    if (filter && wants.dstHost && (id < 0 || (zeroNet[id] === 1 && !hasDefault(rec.dstHost)))) zeroHost(rec.dstHost);
    if (newNet) {
      if (!fbNet) rec.dstMask = m;
      else {
        if (noLpm) {
          if (m) rec.dstMask = m;
        } else if (m > rec.dstMask) rec.dstMask = m;
        if (filter && !m && !hasDefault(rec.dstHost)) rec.dstMask = 0;
      }
    }
    if (newAs) {
      const as = id >= 0 ? asns[id]! : 0;
      const peerAs = id >= 0 ? peerAsns[id]! : 0;
      if (wants.dstAs) {
        if (!fbAs) rec.dstAs = as;
        else if (noLpm ? m !== 0 : m >= rec.dstMask) rec.dstAs = as;
      }
      if (wants.peerDstAs) {
        if (!fbAs) rec.peerDstAs = peerAs;
        else if (noLpm ? m !== 0 : m >= rec.dstMask) rec.peerDstAs = peerAs;
      }
    }
    if (newNet && wants.peerDstIp) {
      const nhFamily = id >= 0 ? nhFamilies[id]! : 0;
      if (!fbNet || (noLpm ? m !== 0 : m >= rec.dstMask)) {
        const o = id * 16;
        if (nhFamily === 0) rec.bgpNextHop.clear();
        else if (nhFamily === 4) {
          rec.bgpNextHop.setV4Number(((nhBytes[o]! << 24) | (nhBytes[o + 1]! << 16) | (nhBytes[o + 2]! << 8) | nhBytes[o + 3]!) >>> 0);
        } else rec.bgpNextHop.setV6(nhBytes, o);
      }
    }
  };
}

/** pmacct zeroes the address but keeps its family. */
function zeroHost(host: IpField): void {
  const w = host.words;
  w[0] = 0;
  w[1] = 0;
  w[2] = 0;
  w[3] = 0;
}
