/**
 * What the BGP tests share: a collector started in-process from a pmbgpd
 * configuration (on an ephemeral port), real speakers from apt (exabgp,
 * gobgpd, bird2, frr's bgpd) started against it from 127.0.0.x addresses, and polling helpers.
 * Speakers are started with short timers so that a session is up in about
 * a second (exabgp) or a few (gobgpd).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfigText } from '../../../src/config/index.ts';
import { memoryLogger } from '../../../src/core/logger.ts';
import { bgpCollectorSettings } from '../../../src/daemons/bgpDaemon.ts';
import { BgpCollector, type BgpCollectorSettings } from '../../../src/routing/bgp/bgpCollector.ts';

export function hasCommand(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

/** Free TCP ports on 127.0.0.1 (test/net/loopbackListen.ts), under the names the BGP tests use. */
export { freeTcpPort as freePort, freeTcpPorts as freePorts } from '../../net/loopbackListen.ts';

export async function waitFor(what: string, predicate: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function readLines(path: string): string[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8').split('\n').filter((l) => l !== '');
}

export interface TestCollector {
  collector: BgpCollector;
  port: number;
  logs: string[];
  stop(): Promise<void>;
}

/** A collector from pmbgpd configuration text (its bgp_daemon_port is replaced by an ephemeral port). */
export async function startTestCollector(configText: string, adjust?: (s: BgpCollectorSettings) => void): Promise<TestCollector> {
  const config = loadConfigText('pmbgpd', configText, 'test.conf');
  const logger = memoryLogger();
  const settings = bgpCollectorSettings(config, logger);
  settings.port = 0;
  adjust?.(settings);
  const collector = new BgpCollector(settings, logger);
  const { port } = await collector.start();
  return { collector, port, logs: logger.lines, stop: () => collector.stop() };
}

/**
 * The interop tests' collector: listening on `ip`, every peer's table
 * dumped to `dir`/dump-<peer address>.json when the test asks (the refresh
 * time only turns dumping on), with `extra` configuration lines.
 */
export function startDumpingCollector(ip: string, dir: string, extra: readonly string[] = []): Promise<TestCollector> {
  return startTestCollector([
    `bgp_daemon_ip: ${ip}`,
    ...extra,
    `bgp_table_dump_file: ${join(dir, 'dump-$peer_src_ip.json')}`,
    'bgp_table_dump_refresh_time: 60',
  ].join('\n'));
}

/** Waits until a speaker's session with the collector is established (`speaker` names it in a timeout). */
export function waitForEstablished(c: TestCollector, speaker: string, timeoutMs = 20_000): Promise<void> {
  return waitFor(`the ${speaker} session`, () => c.collector.sessionList().some((s) => s.state === 'established'), timeoutMs);
}

export interface Speaker {
  process: ChildProcess;
  output: () => string;
  stop(): Promise<void>;
}

/** A speaker whose output goes to `logFile` (a file, not a pipe: its children must not hold the test open). */
function track(child: ChildProcess, logFile: string): Speaker {
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    process: child,
    output: () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 3000);
        await exited;
        clearTimeout(killer);
      }
    },
  };
}

/** exabgp with its configuration text; environment keeps it in the foreground, as root, connecting once. */
export function startExabgp(configText: string, dir: string): Speaker {
  const conf = join(dir, 'exabgp.conf');
  writeFileSync(conf, configText);
  const env = {
    ...process.env,
    'exabgp.daemon.user': 'root',
    'exabgp.daemon.drop': 'false',
    'exabgp.daemon.daemonize': 'false',
    'exabgp.api.cli': 'false',
    'exabgp.api.respawn': 'false',
    'exabgp.tcp.once': 'true',
    'exabgp.log.destination': join(dir, 'exabgp.log'),
  };
  const log = join(dir, 'exabgp.out');
  const fd = openSync(log, 'w');
  const child = spawn('exabgp', [conf], { env, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  return track(child, log);
}

export interface GobgpSpeaker extends Speaker {
  /** Runs the gobgp client against this daemon. */
  cli(args: string[]): string;
}

export function startGobgpd(toml: string, dir: string, apiPort: number): GobgpSpeaker {
  const conf = join(dir, 'gobgpd.toml');
  writeFileSync(conf, toml);
  const log = join(dir, 'gobgpd.out');
  const fd = openSync(log, 'w');
  const speaker = track(spawn('gobgpd', ['-f', conf, '-p', '--api-hosts', `127.0.0.1:${apiPort}`, '--pprof-disable'], { stdio: ['ignore', fd, fd] }), log);
  closeSync(fd);
  return {
    ...speaker,
    cli(args: string[]): string {
      const r = spawnSync('gobgp', ['-u', '127.0.0.1', '-p', String(apiPort), ...args], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`gobgp ${args.join(' ')}: ${r.stderr}`);
      return r.stdout;
    },
  };
}

export interface BirdSpeaker extends Speaker {
  /** Runs birdc against this daemon's control socket. */
  cli(args: string[]): string;
}

/** bird2 in the foreground (-f) with its configuration text and a control socket in `dir`. */
export function startBird(configText: string, dir: string): BirdSpeaker {
  const conf = join(dir, 'bird.conf');
  const socket = join(dir, 'bird.ctl');
  writeFileSync(conf, configText);
  const log = join(dir, 'bird.out');
  const fd = openSync(log, 'w');
  const speaker = track(spawn('bird', ['-c', conf, '-s', socket, '-f'], { stdio: ['ignore', fd, fd] }), log);
  closeSync(fd);
  return {
    ...speaker,
    cli(args: string[]): string {
      const r = spawnSync('birdc', ['-s', socket, ...args], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`birdc ${args.join(' ')}: ${r.stderr}${r.stdout}`);
      return r.stdout;
    },
  };
}

/** frr's bgpd binary (Debian's frr package), or null when frr is not installed. */
export function frrBgpdPath(): string | null {
  return existsSync('/usr/lib/frr/bgpd') && hasCommand('vtysh') ? '/usr/lib/frr/bgpd' : null;
}

export interface FrrSpeaker extends Speaker {
  /** Runs vtysh commands (in one vtysh session: `configure terminal`, then configuration) against this bgpd. */
  vtysh(...commands: string[]): string;
}

/**
 * frr's bgpd alone: no zebra (-Z), no kernel routes (-n), no BGP listener
 * (-p 0), no vty port (-P 0), its vty socket and log in `dir`. -S keeps it
 * from switching to the frr user, so it can read `dir`.
 */
export function startFrrBgpd(configText: string, dir: string): FrrSpeaker {
  const conf = join(dir, 'frr.conf');
  writeFileSync(conf, configText);
  const log = join(dir, 'bgpd.out');
  const fd = openSync(log, 'w');
  const args = ['-f', conf, '-i', join(dir, 'bgpd.pid'), '--vty_socket', dir, '-Z', '-S', '-n', '-p', '0', '-P', '0', '--log', `file:${join(dir, 'bgpd.log')}`];
  const speaker = track(spawn(frrBgpdPath() ?? 'bgpd', args, { stdio: ['ignore', fd, fd] }), log);
  closeSync(fd);
  return {
    ...speaker,
    vtysh(...commands: string[]): string {
      const r = spawnSync('vtysh', ['--vty_socket', dir, ...commands.flatMap((c) => ['-c', c])], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`vtysh ${commands.join('; ')}: ${r.stderr}${r.stdout}`);
      return r.stdout;
    },
  };
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** An interop test's teardown: the speaker, then the collector (either may not have started), then the folder. */
export async function stopInterop(speaker: Speaker | undefined, c: TestCollector | undefined, dir: string): Promise<void> {
  await speaker?.stop();
  await c?.stop();
  removeDir(dir);
}
