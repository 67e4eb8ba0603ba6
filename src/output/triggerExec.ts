/**
 * The *_trigger_exec launcher shared by the plugins: the executable runs
 * detached, without arguments or standard streams, and is not waited for.
 * `env`: variables added to the daemon's environment (the SQL plugins'
 * docs/TRIGGER_VARS); null passes the environment as it is.
 */
import { spawn } from 'node:child_process';

export function launchTrigger(command: string, env: Readonly<Record<string, string>> | null, onError: (err: Error) => void): void {
  try {
    const child = spawn(command, [], { detached: true, stdio: 'ignore', env: env === null ? process.env : { ...process.env, ...env } });
    child.on('error', onError);
    child.unref();
  } catch (err) {
    onError(err as Error);
  }
}
