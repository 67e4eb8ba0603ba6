/**
 * `npm run bench -- <collector> [options]`: side-by-side benchmarks against
 * pmacct (which must be installed: apt-get install pmacct). Prints a
 * Markdown table with the ratios; --out FILE also writes it.
 *
 *   npm run bench -- nfacctd                       # offline v9+IPFIX × 100k/1M keys, then live rates
 *   npm run bench -- nfacctd --flows 500000 --keys 100000 --protocols v9 --skip-live
 *   npm run bench -- nfacctd --skip-offline --live-rates 200000,500000,1000000 --live-seconds 5
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { runNfacctdBench } from './nfacctdBench.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    flows: { type: 'string', default: '1000000' },
    keys: { type: 'string', default: '100000,1000000' },
    protocols: { type: 'string', default: 'v9,ipfix' },
    'live-rates': { type: 'string', default: '200000,500000,1000000,1500000' },
    'live-seconds': { type: 'string', default: '5' },
    'skip-offline': { type: 'boolean', default: false },
    'skip-live': { type: 'boolean', default: false },
    out: { type: 'string' },
  },
});

const scenario = positionals[0];
if (scenario !== 'nfacctd') {
  process.stderr.write('usage: npm run bench -- nfacctd [--flows N] [--keys a,b] [--protocols v9,ipfix] [--live-rates r1,r2] [--live-seconds S] [--skip-offline] [--skip-live] [--out FILE]\n');
  process.exit(2);
}

const report = await runNfacctdBench({
  flows: Number(values.flows),
  keys: values.keys.split(',').map(Number),
  protocols: values.protocols.split(',') as Array<'v9' | 'ipfix'>,
  liveRates: values['live-rates'].split(',').map(Number),
  liveSeconds: Number(values['live-seconds']),
  skipOffline: values['skip-offline'],
  skipLive: values['skip-live'],
});
if (values.out) writeFileSync(values.out, report);
