/**
 * Re-creates the golden reference outputs with pmacct 1.7.7 (`apt-get install
 * pmacct`; mergecap from `apt-get install tshark`). Run from the repository:
 *
 *   node test/golden/regenerate.ts [capture-name ...] [--variant NAME ...]
 *
 * For every capture in captures.txt it copies (or merges, templates first)
 * the capture into test/golden/<name>/capture.pcap, writes one pmacct config
 * per variant in variants.json and runs `nfacctd -f <variant>.conf` in that
 * folder; the print output is sorted (header kept first) into
 * <variant>.pmacct.out. golden.test.ts runs tsacct on the same configs.
 */
import { execFileSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { captureList, configText, sortOutput, variantList } from './goldenCases.ts';

const here = import.meta.dirname;
const corpus = join(here, '..', '..', '..', 'shared', 'corpus');
// Arguments: capture names to regenerate (default all); `--variant NAME` (repeatable) limits the variants.
const args = process.argv.slice(2);
const onlyVariants = args.flatMap((a, i) => (args[i - 1] === '--variant' ? [a] : []));
const only = args.filter((a, i) => a !== '--variant' && args[i - 1] !== '--variant');
const GZIP_ABOVE = 256 * 1024;

for (const capture of captureList()) {
  if (only.length > 0 && !only.includes(capture.name)) continue;
  const dir = join(here, capture.name);
  mkdirSync(dir, { recursive: true });
  const target = join(dir, 'capture.pcap');
  const sources = capture.sources.map((s) => join(corpus, s));
  if (sources.length === 1) copyFileSync(sources[0]!, target);
  else execFileSync('mergecap', ['-F', 'pcap', '-a', '-w', target, ...sources]);
  writeFileSync(join(dir, 'SOURCE.md'), `Capture: ${capture.sources.map((s) => `../shared/corpus/${s}`).join(' + ')}${sources.length > 1 ? ' (concatenated with `mergecap -F pcap -a`, in this order)' : ''}; see ../shared/corpus/INDEX.md for its upstream source and licence.\nReference outputs: pmacct 1.7.7 \`nfacctd -f <variant>.conf\` run in this folder, output sorted (node test/golden/regenerate.ts ${capture.name}).\n`);
  for (const variant of variantList()) {
    if (onlyVariants.length > 0 && !onlyVariants.includes(variant.name)) continue;
    const tmp = `${variant.name}.pmacct.out.tmp`;
    writeFileSync(join(dir, `${variant.name}.conf`), configText(variant, tmp));
    rmSync(join(dir, tmp), { force: true });
    execFileSync('nfacctd', ['-f', `${variant.name}.conf`], { cwd: dir, stdio: 'ignore', timeout: 120_000 });
    const raw = existsSync(join(dir, tmp)) ? readFileSync(join(dir, tmp), 'utf8') : '';
    rmSync(join(dir, tmp), { force: true });
    const sorted = sortOutput(raw, variant.output);
    rmSync(join(dir, `${variant.name}.pmacct.out`), { force: true });
    rmSync(join(dir, `${variant.name}.pmacct.out.gz`), { force: true });
    // Large references are stored compressed to keep the repository small.
    if (sorted.length > GZIP_ABOVE) writeFileSync(join(dir, `${variant.name}.pmacct.out.gz`), gzipSync(sorted, { level: 9 }));
    else writeFileSync(join(dir, `${variant.name}.pmacct.out`), sorted);
    process.stdout.write(`${capture.name}/${variant.name}: ${raw.split('\n').filter(Boolean).length} lines\n`);
  }
}
