/**
 * `npm run bench -- <collector> [options]`: side-by-side benchmarks against
 * pmacct (which must be installed: apt-get install pmacct). Prints a
 * Markdown table with the ratios; --out FILE also writes it.
 *
 *   npm run bench -- nfacctd                       # offline v9+IPFIX × 100k/1M keys, then live rates
 *   npm run bench -- nfacctd --flows 500000 --keys 100000 --protocols v9 --skip-live
 *   npm run bench -- nfacctd --skip-offline --live-rates 200000,500000,1000000 --live-seconds 5
 *   npm run bench -- sfacctd                       # offline sFlow, 1M samples × 100k keys, then live 500k and 1M samples/s
 *
 *   npm run bench -- nfacctd --maps               # offline v9, 100k keys, 50-rule pre_tag_map + 500k-line networks_file
 *   npm run bench -- memory                       # pmacct -s latency on a 1M-entry table, live collection into the memory plugin
 *   npm run bench -- avro [--flows 1000000]       # broker message encoding rates: JSON, Avro, avro_json (in process)
 *   npm run bench -- sql [--flows 500000] [--backends sqlite3,pgsql,mysql] [--rounds 3]   # INSERT-only multi-values rows/s, medians
 *   npm run bench -- kafka [--flows 500000] [--rounds 3]   # kafka plugin messages/s and flows/s into librdkafka's mock broker, medians
 *   npm run bench -- clickhouse [--flows 500000] [--rounds 3] [--port 8123]   # clickhouse plugin rows/s beside pmacct's pgsql plugin, medians
 *   npm run bench -- memory --keys 1000,1000000 --live-rates 375000,660000,1000000 --table-keys 1000000 --queries 5
 *   npm run bench -- bgp-flows [--peers 3] [--ipv4-routes 1000000] [--flows 1000000] [--rate 500000] [--rounds 3]   # nfacctd with BGP correlation vs pmacct, CPU per flow
 *   npm run bench -- bgp [--peers 1,10,50] [--rounds 3] [--quick] [--shared-paths] [--flows N]   # pmbgpd vs tsacct pmbgpd: full tables over TCP, ingest and memory per peer
 *
 * For sfacctd --flows counts flow samples; --protocols does not apply.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { runNfacctdBench } from './nfacctdBench.ts';
import { runSfacctdBench } from './sfacctdBench.ts';
import { runLpmBench } from './lpmBench.ts';
import { runMemoryBench } from './memoryBench.ts';
import { runSqlBench } from './sqlBench.ts';
import { runKafkaBench } from './kafkaBench.ts';
import { runClickhouseBench } from './clickhouseBench.ts';
import { runAvroBench } from './avroBench.ts';
import { runBgpBench } from './bgpBench.ts';
import { runBgpFlowBench } from './bgpFlowBench.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    flows: { type: 'string', default: '1000000' },
    keys: { type: 'string' },
    protocols: { type: 'string', default: 'v9,ipfix' },
    'live-rates': { type: 'string' },
    'live-seconds': { type: 'string', default: '5' },
    'skip-offline': { type: 'boolean', default: false },
    'skip-live': { type: 'boolean', default: false },
    maps: { type: 'boolean', default: false },
    'networks-lines': { type: 'string', default: '500000' },
    out: { type: 'string' },
    'table-keys': { type: 'string', default: '1000000' },
    queries: { type: 'string', default: '5' },
    backends: { type: 'string', default: 'sqlite3,pgsql,mysql' },
    rounds: { type: 'string', default: '3' },
    port: { type: 'string' },
    peers: { type: 'string' },
    'ipv4-routes': { type: 'string' },
    'ipv6-routes': { type: 'string' },
    'ipv4-sets': { type: 'string' },
    'ipv6-sets': { type: 'string' },
    'shared-paths': { type: 'boolean', default: false },
    daemons: { type: 'string', default: 'pmacct,tsacct' },
    quick: { type: 'boolean', default: false },
    rate: { type: 'string' },
  },
});

const scenario = positionals[0];
if (scenario === 'lpm') {
  // npm run bench -- lpm [--flows N]: N lookups per run on a 1M-prefix table (src/lookup).
  const text = runLpmBench({ prefixes: 1_000_000, lookups: Number(values.flows), runs: 5 });
  process.stdout.write(text);
  if (values.out) writeFileSync(values.out, text);
  process.exit(0);
}
if (scenario === 'avro') {
  // npm run bench -- avro [--flows N]: broker message encoding in process (JSON, Avro, avro_json).
  const text = runAvroBench({ records: Number(values.flows), runs: 5 });
  process.stdout.write(text);
  if (values.out) writeFileSync(values.out, text);
  process.exit(0);
}
if (scenario === 'kafka') {
  const text = await runKafkaBench({ flows: process.argv.includes('--flows') ? Number(values.flows) : 500_000, rounds: Number(values.rounds) });
  if (values.out) writeFileSync(values.out, text);
  process.exit(0);
}
if (scenario === 'bgp') {
  // --quick: a smoke run, 1 and 2 peers of a tenth of a table, one round.
  const quick = values.quick;
  const text = await runBgpBench({
    peerCounts: (values.peers ?? (quick ? '1,2' : '1,10,50')).split(',').map(Number),
    ipv4Routes: Number(values['ipv4-routes'] ?? (quick ? 100_000 : 1_000_000)),
    ipv6Routes: Number(values['ipv6-routes'] ?? (quick ? 20_000 : 200_000)),
    ipv4Sets: Number(values['ipv4-sets'] ?? (quick ? 25_000 : 250_000)),
    ipv6Sets: Number(values['ipv6-sets'] ?? (quick ? 5_000 : 50_000)),
    rounds: quick && !process.argv.includes('--rounds') ? 1 : Number(values.rounds),
    daemons: values.daemons.split(',') as Array<'pmacct' | 'tsacct'>,
    sharedPaths: values['shared-paths'],
    flows: process.argv.includes('--flows'),
  });
  if (values.out) writeFileSync(values.out, text);
  process.exit(0);
}
if (scenario === 'bgp-flows') {
  // nfacctd with BGP correlation vs pmacct: --peers N (the exporter's last), --ipv4-routes/--ipv4-sets per peer, --rate flows/s (0: full speed).
  const text = await runBgpFlowBench({
    flows: Number(values.flows),
    keys: Number(values.keys ?? 100_000),
    rounds: Number(values.rounds),
    rate: Number(values.rate ?? 500_000),
    peers: Number(values.peers ?? 3),
    ipv4Routes: Number(values['ipv4-routes'] ?? 1_000_000),
    ipv4Sets: Number(values['ipv4-sets'] ?? 250_000),
    daemons: values.daemons.split(',') as Array<'pmacct' | 'tsacct'>,
  });
  if (values.out) writeFileSync(values.out, text);
  process.exit(0);
}
if (scenario === 'clickhouse') {
  const text = await runClickhouseBench({
    rows: process.argv.includes('--flows') ? Number(values.flows) : 500_000,
    rounds: Number(values.rounds),
    ...(values.port !== undefined ? { port: Number(values.port) } : {}),
  });
  if (values.out) writeFileSync(values.out, text);
  process.exit(0);
}
if (scenario === 'sql') {
  // 500k rows by default: pmacct 1.7.7's sqlite3 plugin segfaults in its purge of 1M (docs/benchmarks.md).
  const text = await runSqlBench({ rows: process.argv.includes('--flows') ? Number(values.flows) : 500_000, backends: values.backends.split(','), rounds: Number(values.rounds) });
  if (values.out) writeFileSync(values.out, text);
  process.exit(0);
}
if (scenario === 'memory') {
  const text = await runMemoryBench({
    tableKeys: Number(values['table-keys']),
    queries: Number(values.queries),
    rates: values['live-rates'] ? values['live-rates'].split(',').map(Number) : [375_000, 660_000, 1_000_000],
    rateKeys: values.keys ? values.keys.split(',').map(Number) : [1000, 1_000_000],
    seconds: Number(values['live-seconds']),
    skipQuery: values['skip-offline'],
    skipLive: values['skip-live'],
  });
  if (values.out) writeFileSync(values.out, text);
  process.exit(0);
}
if (scenario !== 'nfacctd' && scenario !== 'sfacctd') {
  process.stderr.write('usage: npm run bench -- nfacctd|sfacctd [--flows N] [--keys a,b] [--protocols v9,ipfix] [--live-rates r1,r2] [--live-seconds S] [--skip-offline] [--skip-live] [--maps [--networks-lines N]] [--out FILE]\n');
  process.exit(2);
}

const numbers = (text: string): number[] => text.split(',').map(Number);
const common = {
  liveSeconds: Number(values['live-seconds']),
  skipOffline: values['skip-offline'],
  // --maps is an offline comparison only.
  skipLive: values['skip-live'] || values.maps,
};
const report =
  scenario === 'sfacctd'
    ? await runSfacctdBench({
        ...common,
        samples: Number(values.flows),
        keys: numbers(values.keys ?? '100000'),
        liveRates: numbers(values['live-rates'] ?? '500000,1000000'),
      })
    : await runNfacctdBench({
        ...common,
        flows: Number(values.flows),
        keys: numbers(values.keys ?? (values.maps ? '100000' : '100000,1000000')),
        protocols: (values.maps && !process.argv.includes('--protocols') ? 'v9' : values.protocols).split(',') as Array<'v9' | 'ipfix'>,
        ...(values.maps ? { mapsNetworks: Number(values['networks-lines']) } : {}),
        liveRates: numbers(values['live-rates'] ?? '200000,500000,1000000,1500000'),
      });
if (values.out) writeFileSync(values.out, report);
