/**
 * Runs one memory-plugin golden case: a daemon (pmacct 1.7.7's nfacctd or
 * tsacct's) replays the case's capture into `plugins: memory` and keeps
 * running (pcap_savefile_wait); once the table has settled, each query of the
 * case is asked with a client (pmacct's or tsacct's) and its exit code and
 * stdout are kept. regenerate.ts stores pmacct's answers; memoryClient.test.ts
 * compares tsacct's with them.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export const memoryDir = import.meta.dirname;
const goldenDir = join(import.meta.dirname, '..');

export interface MemoryQuery {
  args: string[];
  /** Compare only up to the first blank line (pmacct's usage text follows there). */
  head?: boolean;
}

export interface MemoryCase {
  name: string;
  capture: string;
  aggregate: string;
  queries: MemoryQuery[];
}

export function memoryCases(): MemoryCase[] {
  return (JSON.parse(readFileSync(join(memoryDir, 'cases.json'), 'utf8')) as { cases: MemoryCase[] }).cases;
}

/** The exit code line and stdout, as stored in <case>/<n>.out. */
export function answerText(code: number, stdout: string): string {
  return `${code}\n${stdout}`;
}

/** What is compared: the lines as a sorted multiset (the table's order is unspecified), cut at the usage text for `head` queries. */
export function comparable(text: string, query: MemoryQuery): string {
  const body = query.head ? text.slice(0, (text.indexOf('\n\n') + 1 || text.length + 1) - 1) : text;
  return body.split('\n').sort().join('\n');
}

export async function runMemoryCase(c: MemoryCase, daemon: string[], client: string[], work: string): Promise<string[]> {
  const pipe = join(work, `${c.name}.pipe`);
  const conf = join(work, `${c.name}.conf`);
  writeFileSync(
    conf,
    [
      'daemonize: false',
      `pcap_savefile: ${join(goldenDir, c.capture, 'capture.pcap')}`,
      'pcap_savefile_wait: true',
      'plugins: memory[m]',
      `aggregate[m]: ${c.aggregate}`,
      `imt_path[m]: ${pipe}`,
      '',
    ].join('\n'),
  );
  // Own process group: pmacct's plugins are child processes of its core.
  const child = spawn(daemon[0]!, [...daemon.slice(1), '-f', conf], { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  let log = '';
  child.stderr.on('data', (d: Buffer) => { log += d.toString(); });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await settled(client, pipe, () => log);
    const answers: string[] = [];
    for (const q of c.queries) {
      const { code, stdout } = await ask(client, ['-p', pipe, ...q.args]);
      answers.push(answerText(code, stdout));
    }
    return answers;
  } finally {
    await stopGroup(child.pid!, exited);
  }
}

/** SIGTERM to the daemon's process group, SIGKILL if it is still there after 5 s (pmacct's core may ignore SIGTERM under pcap_savefile_wait). */
async function stopGroup(pid: number, exited: Promise<void>): Promise<void> {
  process.kill(-pid, 'SIGTERM');
  const timer = setTimeout(() => {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // Gone meanwhile.
    }
  }, 5000);
  await exited;
  clearTimeout(timer);
}

/** Waits until the socket answers and two table listings 500 ms apart are equal and not empty. */
async function settled(client: string[], pipe: string, log: () => string): Promise<void> {
  let previous = '';
  for (let i = 0; i < 60; i++) {
    await sleep(500);
    if (!existsSync(pipe)) continue;
    const { code, stdout } = await ask(client, ['-p', pipe, '-s', '-O', 'csv']);
    if (code === 0 && stdout.split('\n').length > 2 && stdout === previous) return;
    previous = stdout;
  }
  throw new Error(`the memory table at ${pipe} did not settle; daemon log:\n${log()}`);
}

function ask(client: string[], args: string[]): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile(client[0]!, [...client.slice(1), ...args], { cwd: memoryDir, maxBuffer: 64 << 20 }, (err, stdout) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout });
    });
  });
}
