/**
 * Re-creates the golden reference outputs with pmacct 1.7.7 (`apt-get install
 * pmacct`; mergecap from `apt-get install tshark`). Run from the repository:
 *
 *   node test/golden/regenerate.ts [capture-name ...] [--variant NAME ...]
 *
 * For every capture of every suite (goldenCases.ts: captures.txt and
 * variants.json for nfacctd, sflow-captures.txt and sflow-variants.json for
 * sfacctd) it copies (or merges, templates first) the capture into
 * test/golden/<name>/capture.pcap, writes one pmacct config per variant of
 * the suite and runs `<daemon> -f <variant>.conf` in that folder; the print
 * output is sorted (header kept first) into <variant>.pmacct.out.
 * golden.test.ts runs tsacct on the same configs. A new variant needs only
 * its entry in the variants file and `regenerate.ts [capture ...] --variant NAME`.
 */
import { execFileSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { captureList, configText, sortOutput, suites, variantList } from './goldenCases.ts';

const here = import.meta.dirname;
const repo = join(here, '..', '..');
const corpus = join(repo, '..', 'shared', 'corpus');
// Arguments: capture names to regenerate (default all); `--variant NAME` (repeatable) limits the variants.
const args = process.argv.slice(2);
const onlyVariants = args.flatMap((a, i) => (args[i - 1] === '--variant' ? [a] : []));
const only = args.filter((a, i) => a !== '--variant' && args[i - 1] !== '--variant');
const GZIP_ABOVE = 256 * 1024;

const captures = suites.flatMap((suite) => captureList(suite));
const unknown = only.filter((name) => !captures.some((c) => c.name === name));
if (unknown.length > 0) throw new Error(`no such golden capture: ${unknown.join(', ')}`);

for (const capture of captures) {
  if (only.length > 0 && !only.includes(capture.name)) continue;
  const daemon = capture.suite.daemon;
  const dir = join(here, capture.name);
  mkdirSync(dir, { recursive: true });
  const target = join(dir, 'capture.pcap');
  // A source is a corpus path, or a repository path (test/...) for a crafted capture the corpus lacks.
  const sources = capture.sources.map((s) => (s.startsWith('test/') ? join(repo, s) : join(corpus, s)));
  rmSync(target, { force: true }); // corpus files are read-only, and so is a copy of one
  if (sources.length === 1) copyFileSync(sources[0]!, target);
  else execFileSync('mergecap', ['-F', 'pcap', '-a', '-w', target, ...sources]);
  writeFileSync(join(dir, 'SOURCE.md'), `Capture: ${capture.sources.map((s) => (s.startsWith('test/') ? s : `../shared/corpus/${s}`)).join(' + ')}${sources.length > 1 ? ' (concatenated with `mergecap -F pcap -a`, in this order)' : ''}; see ../shared/corpus/INDEX.md for its upstream source and licence${capture.sources.some((s) => s.startsWith('test/')) ? ' (test/ paths: crafted in this repository, see the script named in that file)' : ''}.\nReference outputs: pmacct 1.7.7 \`${daemon} -f <variant>.conf\` run in this folder, output sorted (node test/golden/regenerate.ts ${capture.name}).\n`);
  for (const variant of variantList(capture.suite)) {
    if (onlyVariants.length > 0 && !onlyVariants.includes(variant.name)) continue;
    const tmp = `${variant.name}.pmacct.out.tmp`;
    writeFileSync(join(dir, `${variant.name}.conf`), configText(variant, tmp, daemon));
    rmSync(join(dir, tmp), { force: true });
    execFileSync(daemon, ['-f', `${variant.name}.conf`], { cwd: dir, stdio: 'ignore', timeout: 120_000 });
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
