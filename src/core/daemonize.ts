/**
 * `daemonize: true` / -D, as pmacct's daemonize(): the process goes to the
 * background in a new session with its standard streams detached, and the
 * command returns 0 at once.
 *
 * Node cannot fork, so the command starts itself again: same runtime, same
 * arguments, same working directory (relative paths in the config keep
 * their meaning, pmacct does not chdir either), detached into its own
 * session, stdin from /dev/null and stdout/stderr to the logfile when there
 * is one (so a crash report is not lost) or to /dev/null. The daemonize
 * request cannot be taken out of the arguments (it may be in the config
 * file), so the child is told by an environment variable that it is the
 * detached one; it removes the variable so that the programs it runs
 * (print_trigger_exec) do not inherit it.
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { once } from 'node:events';

const DETACHED_ENV = 'TSACCT_DETACHED';

/** True in the re-started, detached process (and only the first time it asks). */
export function takeDetachedMark(): boolean {
  const detached = process.env[DETACHED_ENV] === '1';
  delete process.env[DETACHED_ENV];
  return detached;
}

/** Starts the detached copy of this command; resolves with its pid once it runs. */
export async function respawnDetached(logfile: string | undefined): Promise<number> {
  const output = logfile ? openSync(logfile, 'a') : 'ignore';
  try {
    const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
      detached: true,
      stdio: ['ignore', output, output],
      env: { ...process.env, [DETACHED_ENV]: '1' },
      cwd: process.cwd(),
    });
    await once(child, 'spawn');
    child.unref();
    return child.pid!;
  } finally {
    if (typeof output === 'number') closeSync(output);
  }
}
