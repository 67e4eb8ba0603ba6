/**
 * The golden cases shared by regenerate.ts (pmacct side) and golden.test.ts
 * (tsacct side): which captures, which plugin variants, the exact config
 * text both daemons run, and how outputs are normalised before comparing.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const here = import.meta.dirname;

export type GoldenDaemon = 'nfacctd' | 'sfacctd';

/**
 * One daemon's golden cases: every capture of its captures file runs every
 * variant of its variants file. Capture names are folder names under
 * test/golden and unique across suites (the sFlow ones start with `sflow-`),
 * so a capture name alone says which suite and daemon it belongs to.
 */
export interface GoldenSuite {
  daemon: GoldenDaemon;
  captures: string;
  variants: string;
}

export const nfacctdSuite: GoldenSuite = { daemon: 'nfacctd', captures: 'captures.txt', variants: 'variants.json' };
export const sfacctdSuite: GoldenSuite = { daemon: 'sfacctd', captures: 'sflow-captures.txt', variants: 'sflow-variants.json' };
export const suites: readonly GoldenSuite[] = [nfacctdSuite, sfacctdSuite];

export interface GoldenCapture {
  name: string;
  sources: string[];
  suite: GoldenSuite;
}

export interface GoldenVariant {
  name: string;
  output: 'csv' | 'json' | 'formatted';
  aggregate: string;
  extra?: string;
}

export function captureList(suite: GoldenSuite = nfacctdSuite): GoldenCapture[] {
  return readFileSync(join(here, suite.captures), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith('#'))
    .map((l) => {
      const [name, ...sources] = l.trim().split(/\s+/);
      return { name: name!, sources, suite };
    });
}

export function variantList(suite: GoldenSuite = nfacctdSuite): GoldenVariant[] {
  const raw = JSON.parse(readFileSync(join(here, suite.variants), 'utf8')) as Record<string, Omit<GoldenVariant, 'name'>>;
  return Object.entries(raw).map(([name, v]) => ({ name, ...v }));
}

/** The capture of that name in any suite, with the variant of that name in the same suite. */
export function findCase(captureName: string, variantName: string): { capture: GoldenCapture; variant: GoldenVariant } | undefined {
  for (const suite of suites) {
    const capture = captureList(suite).find((c) => c.name === captureName);
    const variant = variantList(suite).find((v) => v.name === variantName);
    if (capture && variant) return { capture, variant };
  }
  return undefined;
}

/**
 * The pmacct config of a variant for `daemon`; `outputFile` is relative to
 * the capture folder. nfacctd and sfacctd read pcap_savefile alike, so only
 * the comment naming the command differs (daemon-specific keys such as
 * sfacctd_renormalize go in the variant's `extra`).
 */
export function configText(variant: GoldenVariant, outputFile: string, daemon: GoldenDaemon = 'nfacctd'): string {
  return [
    `! golden variant ${variant.name}: run from this folder with ${daemon} -f ${variant.name}.conf`,
    'daemonize: false',
    'pcap_savefile: capture.pcap',
    'pcap_savefile_wait: false',
    'timestamps_utc: true',
    'plugins: print[ref]',
    `aggregate[ref]: ${variant.aggregate}`,
    `print_output[ref]: ${variant.output}`,
    `print_output_file[ref]: ${outputFile}`,
    'print_refresh_time[ref]: 3600',
    ...(variant.extra ? variant.extra.split('\n') : []),
    '',
  ].join('\n');
}

/**
 * Lines sorted bytewise (the print plugin writes entries in hash order), the
 * csv/formatted header kept first, and the wall-clock stamp_updated masked.
 */
export function sortOutput(raw: string, output: GoldenVariant['output']): string {
  const lines = raw.split('\n').filter((l) => l !== '').map((l) => l.replace(/"stamp_updated": "[^"]*"/, '"stamp_updated": "*"'));
  const hasHeader = output !== 'json' && lines.length > 0;
  const header = hasHeader ? [lines.shift()!] : [];
  lines.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return [...header, ...lines].map((l) => l + '\n').join('');
}

/**
 * A documented difference from pmacct 1.7.7 in one golden case: the line
 * pmacct printed and the line tsacct prints instead, with the docs/compat.md
 * section that explains why. The test substitutes each one into pmacct's
 * output, so every other line must still match pmacct exactly.
 */
export interface GoldenDeviation {
  compat: string;
  /** The pmacct line replaced, or null for a line only tsacct prints. */
  pmacct: string | null;
  /** The tsacct line instead, or null for a pmacct line tsacct does not print. */
  tsacct: string | null;
}

export function deviationsPath(captureName: string, variantName: string): string {
  return join(here, captureName, `${variantName}.deviations.json`);
}

/** Applies deviations to pmacct's sorted output; throws if a pmacct line is not there. */
export function applyDeviations(expected: string, deviations: readonly GoldenDeviation[], output: GoldenVariant['output']): string {
  const lines: Array<string | null> = expected.split('\n').filter((l) => l !== '');
  for (const d of deviations) {
    if (d.pmacct === null) {
      lines.push(d.tsacct);
      continue;
    }
    const at = lines.indexOf(d.pmacct);
    if (at < 0) throw new Error(`deviation not found in pmacct output: ${d.pmacct}`);
    lines[at] = d.tsacct;
  }
  return sortOutput(lines.filter((l) => l !== null).join('\n'), output);
}
