/**
 * The per-flow cost of the flow/BGP correlation stage
 * (src/enrich/bgpLookupStage.ts) on one peer's synthetic full table
 * (bench/bgpFeed.ts), in process:
 *
 *   node --expose-gc bench/bgpLookupBench.ts [--routes 1000000] [--flows 2000000] [--routed]
 *
 * The RIB is built with the daemon's own decoder and RibUpdater; the stage
 * then looks up random source and destination addresses (nfacctd_as and
 * nfacctd_net bgp, so every BGP field is filled) on one reused FlowRecord.
 * Prints lookups per second and the heap growth over the run (the stage
 * should allocate nothing per flow). Figures, never asserted.
 */
import { parseArgs } from 'node:util';
import { loadConfigText } from '../src/config/index.ts';
import { memoryLogger } from '../src/core/logger.ts';
import { NlriEntry, NlriReader } from '../src/decode/bgp/nlriReader.ts';
import { decodeUpdate, UpdateMessage } from '../src/decode/bgp/updateMessage.ts';
import { bgpLookupStage } from '../src/enrich/bgpLookupStage.ts';
import { FlowRecord } from '../src/model/flowRecord.ts';
import { AttributeTable } from '../src/routing/bgp/attributeTable.ts';
import { BgpPeer } from '../src/routing/bgp/bgpPeer.ts';
import { RibUpdater } from '../src/routing/bgp/ribUpdater.ts';
import { buildFeed } from './bgpFeed.ts';

const { values } = parseArgs({
  options: {
    routes: { type: 'string', default: '1000000' },
    flows: { type: 'string', default: '2000000' },
    routed: { type: 'boolean', default: false },
  },
});
const routes = Number(values.routes);
const flows = Number(values.flows);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');

const attributes = new AttributeTable();
const peer = new BgpPeer('127.0.0.250', 179);
peer.fourOctetAs = true;
const updater = new RibUpdater(attributes, null);
const update = new UpdateMessage();
const reader = new NlriReader();
const entry = new NlriEntry();
for (const m of buildFeed({ routes, sets: Math.max(1, Math.floor(routes / 5)), perUpdate: 5 })) {
  const error = decodeUpdate(m, 0, m.length, peer, update, reader, entry);
  if (error) throw new Error(error.toString());
  updater.apply(peer, update);
}

const config = loadConfigText('nfacctd', 'bgp_daemon: true\nnfacctd_as: bgp\nnfacctd_net: bgp\nplugins: print\naggregate: src_as, dst_as, as_path, std_comm, peer_dst_ip, peer_dst_as, src_net, dst_net\n', 'bench.conf');
const sessions = [{ peer }];
const stage = bgpLookupStage(config, memoryLogger(), { attributes, sessionList: () => sessions });

// Addresses drawn once (the draw is not what is measured): with --routed, hosts inside
// random routes of the table (traffic to routed destinations); otherwise uniformly random.
const addresses = new Uint32Array(1 << 16);
let seed = 0x12345678;
const next = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
const table = peer.rib.existing(1, 1)!;
const slots = values.routed ? table.sortedSlots() : null;
const key = new Uint32Array(1);
for (let i = 0; i < addresses.length; i++) {
  if (slots === null) {
    addresses[i] = next();
    continue;
  }
  const slot = slots[next() % slots.length]!;
  table.keyAt(slot, key);
  const length = table.lengthAt(slot);
  const hostBits = length === 0 ? 0xffffffff : length >= 32 ? 0 : (0xffffffff >>> length);
  addresses[i] = (key[0]! | (next() & hostBits)) >>> 0;
}
const rec = new FlowRecord();
let found = 0;
const run = (n: number): void => {
  for (let i = 0; i < n; i++) {
    rec.reset();
    rec.peerSrcIp.setV4Number(0x7f0000fa);
    rec.srcHost.setV4Number(addresses[i & 0xffff]!);
    rec.dstHost.setV4Number(addresses[(i * 7 + 3) & 0xffff]!);
    stage(rec);
    if (rec.dstAs !== 0) found++;
  }
};
run(200_000); // warm-up
gc();
gc();
const heap0 = process.memoryUsage().heapUsed;
const t0 = performance.now();
run(flows);
const ms = performance.now() - t0;
const heap1 = process.memoryUsage().heapUsed;
process.stdout.write(`| routes | flows | lookups/s (flows, 2 LPM each) | ns/flow | dst found | heap growth over the run |\n|---|---|---|---|---|---|\n`);
process.stdout.write(`| ${routes} | ${flows} | ${(flows / (ms / 1000) / 1e6).toFixed(2)} M | ${((ms * 1e6) / flows).toFixed(0)} | ${((found / (flows + 200_000)) * 100).toFixed(1)} % | ${((heap1 - heap0) / 1024).toFixed(0)} KiB |\n`);
