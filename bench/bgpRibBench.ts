/**
 * BGP RIB memory and UPDATE ingest, tsacct and (with --pmacct) pmbgpd 1.7.7
 * on the same synthetic full table (bench/bgpFeed.ts):
 *
 *   node --expose-gc bench/bgpRibBench.ts [--routes 1000000] [--sets 200000] [--per-update 5] [--pmacct] [--msglog]
 *
 * 1. tsacct in-process, no socket: the feed decoded and applied to one
 *    peer's RIB (the daemon's own decodeUpdate and RibUpdater); heap plus
 *    array buffers after a full GC, before and after, divided by the routes.
 * 2. tsacct over TCP: a BgpCollector in this process, the feed sent by a
 *    child speaker; routes/s from the first byte to the last route in the
 *    RIB; the process's RSS before the session and with the table loaded.
 * 3. pmbgpd over TCP (--pmacct): the same speaker; routes/s until its CPU
 *    time stops growing after the last byte was accepted; RSS growth.
 *
 * Prints a Markdown table. Figures for docs/benchmarks.md, never asserted.
 * `npm run bench -- bgp` (bgpBench.ts) is the side-by-side comparison with
 * several peers and IPv6; this one stays for quick in-process figures.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './daemonObservation.ts';
import { parseArgs } from 'node:util';
import { memoryLogger } from '../src/core/logger.ts';
import { NlriEntry, NlriReader } from '../src/decode/bgp/nlriReader.ts';
import { decodeUpdate, UpdateMessage } from '../src/decode/bgp/updateMessage.ts';
import { AttributeTable } from '../src/routing/bgp/attributeTable.ts';
import { BgpCollector } from '../src/routing/bgp/bgpCollector.ts';
import { BgpPeer } from '../src/routing/bgp/bgpPeer.ts';
import { RibUpdater } from '../src/routing/bgp/ribUpdater.ts';
import { buildFeed } from './bgpFeed.ts';

const { values } = parseArgs({
  options: {
    routes: { type: 'string', default: '1000000' },
    sets: { type: 'string', default: '200000' },
    'per-update': { type: 'string', default: '5' },
    pmacct: { type: 'boolean', default: false },
    msglog: { type: 'boolean', default: false },
  },
});
const routes = Number(values.routes);
const sets = Number(values.sets);
const perUpdate = Number(values['per-update']);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');

function heapBytes(): number {
  gc!();
  gc!();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024;
}

function cpuTicksOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

function sender(port: number): { child: ChildProcess; report: Promise<{ startedAt: number; acceptedAt: number; bytes: number }> } {
  const child = spawn(process.execPath, [join(import.meta.dirname, 'bgpFeedSender.ts'), String(port), String(routes), String(sets), String(perUpdate), '127.0.0.250'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const report = new Promise<{ startedAt: number; acceptedAt: number; bytes: number }>((resolve) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(JSON.parse(out.split('\n')[0]!) as { startedAt: number; acceptedAt: number; bytes: number });
    });
  });
  return { child, report };
}

async function sleep(ms: number): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}

const rows: string[] = [];
const mib = (b: number): string => (b / 1048576).toFixed(1);

// 1. In-process memory.
{
  const feed = buildFeed({ routes, sets, perUpdate });
  const before = heapBytes();
  const attributes = new AttributeTable();
  const peer = new BgpPeer('127.0.0.1', 179);
  peer.fourOctetAs = true;
  const updater = new RibUpdater(attributes, null);
  const update = new UpdateMessage();
  const reader = new NlriReader();
  const entry = new NlriEntry();
  const t0 = performance.now();
  for (const m of feed) {
    const error = decodeUpdate(m, 0, m.length, peer, update, reader, entry);
    if (error) throw new Error(error.toString());
    updater.apply(peer, update);
  }
  const ms = performance.now() - t0;
  const after = heapBytes();
  if (peer.rib.routeCount !== routes) throw new Error(`${peer.rib.routeCount} routes in the RIB`);
  rows.push(`| tsacct, in-process decode + RIB | ${(routes / (ms / 1000) / 1e6).toFixed(2)} M routes/s | ${((after - before) / routes).toFixed(1)} bytes/route (heap + buffers) | RIB arrays ${mib(peer.rib.memoryBytes)} MiB, ${attributes.size} attribute sets (${mib(attributes.memoryBytes)} MiB with ${attributes.lists.size} pooled lists) |`);
}

// 2. tsacct over TCP.
{
  const dir = mkdtempSync(join(tmpdir(), 'tsacct-bgp-bench-'));
  const logger = memoryLogger();
  const collector = new BgpCollector({
    ip: '127.0.0.1', port: 0, ipv6Only: false, routerId: 0x01020304, localAs: null, maxPeers: 4, routerIdCheck: true,
    allow: null, allowFile: null, msglogFile: values.msglog ? join(dir, 'msglog.json') : null, dump: null, umask: 0o077,
    timestamps: { utc: false, rfc3339: false, sinceEpoch: false },
  }, logger);
  const { port } = await collector.start();
  const rss0 = rssOf(process.pid);
  const s = sender(port);
  const report = await s.report;
  while ((collector.peers()[0]?.rib.routeCount ?? 0) < routes) await sleep(5);
  const doneAt = Date.now();
  const rss1 = rssOf(process.pid);
  rows.push(`| tsacct pmbgpd, TCP${values.msglog ? ' + msglog' : ''} | ${(routes / ((doneAt - report.startedAt) / 1000) / 1e6).toFixed(2)} M routes/s | RSS ${mib(rss0)} → ${mib(rss1)} MiB (+${((rss1 - rss0) / routes).toFixed(1)} bytes/route) | ${mib(report.bytes)} MiB of UPDATEs in ${doneAt - report.startedAt} ms |`);
  s.child.kill();
  await collector.stop();
  rmSync(dir, { recursive: true, force: true });
}

// 3. pmbgpd 1.7.7 over TCP.
if (values.pmacct) {
  const dir = mkdtempSync(join(tmpdir(), 'pmacct-bgp-bench-'));
  const port = await freePort();
  // Without a table dump file (or a looking glass) pmbgpd 1.7.7 keeps no RIB at all (skip_rib): give it one,
  // dumped daily, so that it stores the routes as tsacct does.
  writeFileSync(join(dir, 'pmbgpd.conf'), `bgp_daemon_ip: 127.0.0.1\nbgp_daemon_port: ${port}\n${values.msglog ? `bgp_daemon_msglog_file: ${join(dir, 'msglog.json')}\n` : ''}` +
    `bgp_table_dump_file: ${join(dir, 'dump-$peer_src_ip.json')}\nbgp_table_dump_refresh_time: 86400\n`);
  const pm = spawn('pmbgpd', ['-f', join(dir, 'pmbgpd.conf')], { stdio: 'ignore' });
  await sleep(1000);
  const rss0 = rssOf(pm.pid!);
  const s = sender(port);
  const report = await s.report;
  // Done when its CPU time has stopped growing for half a second after the last byte was accepted.
  let ticks = cpuTicksOf(pm.pid!);
  let lastChange = Date.now();
  while (Date.now() - lastChange < 500) {
    await sleep(20);
    const t = cpuTicksOf(pm.pid!);
    if (t !== ticks) {
      ticks = t;
      lastChange = Date.now();
    }
  }
  const doneAt = Math.max(lastChange, report.acceptedAt);
  const rss1 = rssOf(pm.pid!);
  // With the message log, its lines prove pmbgpd took every route (log_init + one per route).
  const logged = values.msglog ? `, ${readFileSync(join(dir, 'msglog.json'), 'utf8').split('\n').length - 2} routes logged` : '';
  rows.push(`| pmbgpd 1.7.7, TCP${values.msglog ? ' + msglog' : ''} | ${(routes / ((doneAt - report.startedAt) / 1000) / 1e6).toFixed(2)} M routes/s | RSS ${mib(rss0)} → ${mib(rss1)} MiB (+${((rss1 - rss0) / routes).toFixed(1)} bytes/route) | ${mib(report.bytes)} MiB of UPDATEs in ${doneAt - report.startedAt} ms${logged} |`);
  s.child.kill();
  pm.kill('SIGINT');
  await sleep(500);
  rmSync(dir, { recursive: true, force: true });
}

process.stdout.write(`${routes} IPv4 routes, ${sets} attribute sets, ${perUpdate} prefixes per UPDATE\n\n| run | ingest | memory | notes |\n|---|---|---|---|\n${rows.join('\n')}\n`);
