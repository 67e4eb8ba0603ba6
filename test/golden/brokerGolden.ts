/**
 * What the message-broker goldens (amqp, kafka) share besides the packing
 * checks (brokerPacking.ts): the config lines that replay a corpus capture
 * once, running a daemon (pmacct's or tsacct's) on a config, and the masks
 * of what differs from run to run in a JSON object — the pid in writer_id
 * ("x/PID"), stamp_updated (the purge time, in whichever timestamps_* style
 * the case uses) and the markers' duration — applied only after their
 * format is checked.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';

const goldenDir = import.meta.dirname;

/** The head of a broker golden's config: the capture replayed once, then the daemon exits (and purges). */
export function replayLines(capture: string, utc = true): string[] {
  return [
    'daemonize: false',
    `pcap_savefile: ${join(goldenDir, capture, 'capture.pcap')}`,
    'pcap_savefile_wait: false',
    ...(utc ? ['timestamps_utc: true'] : []),
  ];
}

/** Runs `command -f conf` to its exit; `tz` sets the daemon's TZ (local-time cases). */
export function runDaemon(command: readonly string[], conf: string, tz?: string): Promise<string> {
  const env = tz === undefined ? process.env : { ...process.env, TZ: tz };
  return new Promise((resolve, reject) => {
    execFile(command[0]!, [...command.slice(1), '-f', conf], { timeout: 120_000, maxBuffer: 64 << 20, env }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${command.join(' ')} failed: ${err.message}\n${stderr}`));
      else resolve(stdout + stderr);
    });
  });
}

const WRITER_ID = /"writer_id": "x\/(\d+)"/g;
/** stamp_updated as pmacct writes it: "YYYY-MM-DD HH:MM:SS", RFC 3339 with a zone, or seconds since the epoch. */
const STAMP_UPDATED = /"stamp_updated": "(\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(?:Z|[+-]\d\d:\d\d)?|\d+)"/g;
const DURATION = /"duration": (\d+)\}/g;

/** One JSON object of plugin x with its run-dependent values masked; throws when it is not JSON or has no writer_id "x/<pid>". */
export function maskObject(object: string): string {
  JSON.parse(object);
  if (!/"writer_id": "x\/\d+"/.test(object)) throw new Error(`no writer_id "x/<pid>" in ${object}`);
  return object.replace(WRITER_ID, '"writer_id": "x/PID"').replace(STAMP_UPDATED, '"stamp_updated": "STAMP"').replace(DURATION, '"duration": D}');
}

/** The stderr of a daemon that must refuse `conf` at startup; rejects when it starts instead. */
export function refusedStartup(command: readonly string[], conf: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command[0]!, [...command.slice(1), '-f', conf], { timeout: 30_000 }, (err, _stdout, stderr) => {
      if (err === null) reject(new Error(`${command.join(' ')} started with ${conf}`));
      else resolve(stderr);
    });
  });
}
