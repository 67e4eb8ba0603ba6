/**
 * Runs test/fixtures/maps/<name>.conf (a config pmacct 1.7.7 ran from that
 * folder) through tsacct and gives its print outputs and log to compare
 * with pmacct's, header first and the other lines sorted. The config's
 * relative paths (the golden capture, the map files) are made absolute and
 * every print_output_file goes to a temporary folder under its own name.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const fixtures = join(import.meta.dirname, '..', 'fixtures', 'maps');
const golden = join(import.meta.dirname, '..', 'golden');
const tsacct = join(import.meta.dirname, '..', '..', 'bin', 'tsacct.js');
const MAP_KEYS = 'networks_file|ports_file|sampling_map|pre_tag_map|aggregate_primitives';

/** Header first, other lines sorted: the print plugin writes in hash order. */
export function sorted(raw: string): string {
  const lines = raw.split('\n').filter((l) => l !== '');
  const header = lines.shift();
  return [header, ...lines.sort()].join('\n') + '\n';
}

export interface FixtureRun {
  /** tsacct's stdout and stderr. */
  log: string;
  /** What tsacct wrote to the output file pmacct's config named `file` ('' when nothing). */
  output(file: string): string;
}

export async function runFixture(confName: string, daemon: 'nfacctd' | 'sfacctd', check: (r: FixtureRun) => void): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'tsacct-fixture-'));
  try {
    const conf = readFileSync(join(fixtures, confName), 'utf8')
      .replace(/^pcap_savefile: \.\.\/\.\.\/golden\/(.*)$/m, (_m, rest: string) => `pcap_savefile: ${join(golden, rest)}`)
      .replace(new RegExp(`^(${MAP_KEYS}): (.*)$`, 'gm'), (_m, key: string, file: string) => `${key}: ${join(fixtures, file)}`)
      .replace(/^(print_output_file\[\w+\]): (.*)$/gm, (_m, key: string, file: string) => `${key}: ${join(work, basename(file))}`);
    writeFileSync(join(work, 'run.conf'), conf);
    const { stdout, stderr } = await run(process.execPath, [tsacct, daemon, '-f', join(work, 'run.conf')], { timeout: 60_000 });
    check({
      log: stdout + stderr,
      output: (file) => (existsSync(join(work, basename(file))) ? readFileSync(join(work, basename(file)), 'utf8') : ''),
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** One plugin's output against pmacct's <name>.out (the config's print_output_file[ref]). */
export async function runFixtureGolden(confName: string, daemon: 'nfacctd' | 'sfacctd' = 'nfacctd'): Promise<void> {
  const conf = readFileSync(join(fixtures, confName), 'utf8');
  const file = /^print_output_file\[ref\]: (.*)$/m.exec(conf)?.[1] ?? 'out';
  await runFixture(confName, daemon, (r) => {
    assert.equal(sorted(r.output(file)), sorted(readFileSync(join(fixtures, confName.replace(/\.conf$/, '.out')), 'utf8')));
  });
}

/**
 * Runs tsacct on `<name>.pmacct.conf`, the exact config pmacct ran from the
 * fixtures folder (its relative savefile and primitives paths resolved, its
 * `.pmacct.out.tmp` outputs renamed `.out` in a scratch folder); `check`
 * reads an output of the run by file name.
 */
export async function runPmacctConf(name: string, daemon: string, check: (output: (file: string) => string) => void): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'tsacct-pmacct-conf-'));
  try {
    const conf = readFileSync(join(fixtures, `${name}.pmacct.conf`), 'utf8')
      .replace(/^pcap_savefile: (.*)$/m, (_, p: string) => `pcap_savefile: ${join(fixtures, p)}`)
      .replace(/^aggregate_primitives: (.*)$/m, (_, p: string) => `aggregate_primitives: ${join(fixtures, p)}`)
      .replace(/\.pmacct\.out\.tmp$/gm, '.out');
    writeFileSync(join(work, 'run.conf'), conf);
    await run(process.execPath, [tsacct, daemon, '-f', 'run.conf'], { cwd: work, timeout: 60_000 });
    check((file) => readFileSync(join(work, file), 'utf8'));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
