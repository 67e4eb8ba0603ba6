/**
 * Runs `tsacct nfacctd` on a configuration that should stop it at startup
 * and gives the exit code and stderr, the temporary directory written as
 * DIR so the tests can match "DIR/n.conf:<line>: …" messages.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const TSACCT = join(import.meta.dirname, '..', '..', 'bin', 'tsacct.js');

/** code 0 and empty stderr when nfacctd started (and ended) without refusing. */
export async function nfacctdRefusal(conf: string): Promise<{ code: number; stderr: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'tsacct-refusal-'));
  try {
    writeFileSync(join(dir, 'n.conf'), conf);
    await run(process.execPath, [TSACCT, 'nfacctd', '-f', join(dir, 'n.conf')], { timeout: 30_000 });
    return { code: 0, stderr: '' };
  } catch (err) {
    const e = err as { code: number; stderr: string };
    return { code: e.code, stderr: e.stderr.replaceAll(dir, 'DIR') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
