/**
 * The daemon as a Unix process: `-D` (daemonize) detaches like pmacct's
 * daemonize() — the command returns 0 while a process in its own session,
 * with /dev/null for stdin, runs on and writes the pidfile — and `-S`
 * (syslog) on a machine without a syslog socket logs to stderr after one
 * warning instead of losing every line as glibc's syslog() would.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { freeUdpPort } from '../robustness/udpTestKit.ts';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');
const TSACCT = join(ROOT, 'bin', 'tsacct.js');
const CAPTURE = join(ROOT, 'test', 'fixtures', 'netflow', 'akvorado__nfv5.pcap');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

test('-D detaches: the command returns 0, the daemon runs on in its own session and stops on SIGTERM', { timeout: 60_000 }, async () => {
  const work = mkdtempSync(join(tmpdir(), 'tsacct-daemonize-'));
  const pidfile = join(work, 'nfacctd.pid');
  const logfile = join(work, 'nfacctd.log');
  let daemonPid = 0;
  try {
    const port = await freeUdpPort();
    writeFileSync(join(work, 'nfacctd.conf'), [
      'nfacctd_ip: 127.0.0.1',
      `nfacctd_port: ${port}`,
      `pidfile: ${pidfile}`,
      `logfile: ${logfile}`,
      'plugins: print[p]',
      'print_output[p]: csv',
      `print_output_file[p]: ${join(work, 'out.csv')}`,
      '',
    ].join('\n'));
    // Relative paths keep their meaning: the daemon keeps the working directory, as pmacct's does.
    const parent = await run(process.execPath, [TSACCT, 'nfacctd', '-f', 'nfacctd.conf', '-D'], { cwd: work, timeout: 30_000 });
    assert.equal(parent.stdout, '');
    assert.equal(parent.stderr, '');

    while (!existsSync(pidfile) || readFileSync(pidfile, 'utf8').trim() === '') await sleep(20);
    daemonPid = Number(readFileSync(pidfile, 'utf8').trim());
    assert.ok(alive(daemonPid), 'the pidfile names a live process');
    if (existsSync(`/proc/${daemonPid}/stat`)) {
      // stat: pid (comm) state ppid pgrp session …; comm ("nfacctd: Core P…") holds spaces: read after the last ')'.
      const stat = readFileSync(`/proc/${daemonPid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      assert.equal(Number(fields[3]), daemonPid, 'session leader (setsid)');
      assert.equal(readlinkSync(`/proc/${daemonPid}/fd/0`), '/dev/null');
    }
    while (!readFileSync(logfile, 'utf8').includes('waiting for NetFlow/IPFIX data')) {
      assert.ok(alive(daemonPid), `the daemon died:\n${readFileSync(logfile, 'utf8')}`);
      await sleep(20);
    }

    process.kill(daemonPid, 'SIGTERM');
    while (alive(daemonPid)) await sleep(20);
    assert.equal(existsSync(pidfile), false, 'the pidfile is removed at exit');
    const log = readFileSync(logfile, 'utf8');
    assert.match(log, /INFO \( default\/core \): received SIGTERM: flushing caches and exiting\n/);
    assert.match(log, new RegExp(`nfacctd: UDP 127\\.0\\.0\\.1:${port}: datagrams 0, bytes 0, kernel drops (0|n/a), receive ring overflows 0, handler errors 0`));
  } finally {
    if (daemonPid > 0 && alive(daemonPid)) process.kill(daemonPid, 'SIGKILL');
    rmSync(work, { recursive: true, force: true });
  }
});

test('-D with a bad config fails in the foreground, before detaching', async () => {
  const work = mkdtempSync(join(tmpdir(), 'tsacct-daemonize-'));
  try {
    writeFileSync(join(work, 'bad.conf'), 'nfacctd_port: not-a-number\n');
    await assert.rejects(run(process.execPath, [TSACCT, 'nfacctd', '-f', join(work, 'bad.conf'), '-D'], { timeout: 30_000 }), (err: { code: number; stderr: string }) => {
      assert.equal(err.code, 1);
      assert.match(err.stderr, /bad\.conf:1: /);
      return true;
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

test('-S without a syslog socket: one warning, then the log on stderr', { skip: existsSync('/dev/log') && 'this machine has a syslog socket' }, async () => {
  const work = mkdtempSync(join(tmpdir(), 'tsacct-syslog-'));
  try {
    writeFileSync(join(work, 'nfacctd.conf'), [
      `pcap_savefile: ${CAPTURE}`,
      'plugins: print[p]',
      'print_output[p]: csv',
      `print_output_file[p]: ${join(work, 'out.csv')}`,
      '',
    ].join('\n'));
    const { stderr } = await run(process.execPath, [TSACCT, 'nfacctd', '-f', join(work, 'nfacctd.conf'), '-S', 'local3'], { timeout: 30_000 });
    const lines = stderr.split('\n');
    assert.equal(lines[0], 'WARN ( default/core ): syslog: no syslog socket at /dev/log. Logging to standard error (stderr).');
    assert.equal(lines[1], 'INFO ( default/core ): Start logging ...');
    assert.match(stderr, /INFO \( default\/core \): reading NetFlow\/IPFIX data from: /);
    assert.equal(stderr.match(/syslog: no syslog socket/g)!.length, 1, 'warned once');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

// nfacctd 1.7.7 with "core_proc_name: edge1" logs "INFO ( edge1/core ): …" (and its
// plugins keep "( p/print )"), seen in its logfile, and ps shows its core process as
// "nfacctd: Core Process [edge1]".
test('core_proc_name names the core process in the log lines and the process title', async () => {
  const work = mkdtempSync(join(tmpdir(), 'tsacct-procname-'));
  try {
    writeFileSync(join(work, 'nfacctd.conf'), [
      'core_proc_name: edge1',
      `pcap_savefile: ${CAPTURE}`,
      'plugins: print[p]',
      `print_output_file[p]: ${join(work, 'out.txt')}`,
      '',
    ].join('\n'));
    const { stderr } = await run(process.execPath, [TSACCT, 'nfacctd', '-f', join(work, 'nfacctd.conf')], { timeout: 30_000 });
    assert.match(stderr, /^INFO \( edge1\/core \): reading NetFlow\/IPFIX data from: /m);
    assert.doesNotMatch(stderr, /default\/core/);

    const port = await freeUdpPort();
    writeFileSync(join(work, 'live.conf'), `core_proc_name: edge1\nnfacctd_ip: 127.0.0.1\nnfacctd_port: ${port}\nplugins: print[p]\nprint_output_file[p]: ${join(work, 'live.txt')}\n`);
    const child = spawn(process.execPath, [TSACCT, 'nfacctd', '-f', join(work, 'live.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    child.stderr.on('data', (d: Buffer) => (log += d.toString()));
    try {
      for (let i = 0; i < 300 && !log.includes('waiting for NetFlow/IPFIX data'); i++) await sleep(50);
      assert.equal(readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').replace(/\0+$/, ''), 'nfacctd: Core Process [edge1]');
    } finally {
      child.kill('SIGTERM');
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
