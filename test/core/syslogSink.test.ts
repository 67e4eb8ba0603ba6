/**
 * Logging to syslog (`syslog: <facility>` / -S) through a long-lived
 * `logger` child, and the fallback to stderr when that cannot work.
 *
 * Expected lines come from pmacct 1.7.7 itself: run with `-S local3` under a
 * capturing /dev/log, it sent "<158>Nov 22 00:54:35 nfacctd[25021]: INFO (
 * default/core ): Start logging ..." and "<156>… WARN ( a/print ): …":
 * PRI = facility × 8 + severity (RFC 3164 4.1.1; local3 = 19, info = 6,
 * warning = 4, err = 3), then glibc's "Mmm dd hh:mm:ss", then ident[pid].
 *
 * No syslog daemon runs on the test machines, and Node cannot bind a unix
 * datagram socket; but `logger` falls back to a stream connection when the
 * socket is a stream one, which Node can serve: the end-to-end test runs the
 * real `logger` against such a receiver.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createLogger } from '../../src/core/logger.ts';
import { SyslogSink, syslogPriority } from '../../src/core/syslogSink.ts';
import type { LogLevel } from '../../src/core/logger.ts';

const SRC = join(import.meta.dirname, '..', '..', 'src');
const HAS_LOGGER = spawnSync('logger', ['--version']).status === 0;

/** A unix stream socket collecting newline-framed messages, as `logger` sends over SOCK_STREAM. */
async function streamReceiver(path: string): Promise<{ server: Server; lines: string[] }> {
  const lines: string[] = [];
  const server = createServer((conn) => {
    // The logger child lives as long as this test process: its connection must not hold the test open.
    conn.unref();
    let buffered = '';
    conn.setEncoding('utf8');
    conn.on('data', (chunk: string) => {
      buffered += chunk;
      const parts = buffered.split('\n');
      buffered = parts.pop()!;
      lines.push(...parts);
    });
  });
  await new Promise<void>((resolve) => server.listen(path, resolve));
  server.unref();
  return { server, lines };
}

test('PRI is facility × 8 + severity, as pmacct 1.7.7 sent them', () => {
  assert.equal(syslogPriority('local3', 'INFO'), 158);
  assert.equal(syslogPriority('local3', 'WARN'), 156);
  assert.equal(syslogPriority('local3', 'ERROR'), 155);
  assert.equal(syslogPriority('daemon', 'DEBUG'), 31);
  assert.equal(syslogPriority('local7', 'INFO'), 190);
  // glibc keeps LOG_USER when a program asks for kern (openlog ignores facility 0).
  assert.equal(syslogPriority('kern', 'INFO'), 14);
});

test('lines reach the syslog socket through the real logger, in pmacct\'s format', { skip: !HAS_LOGGER && 'no logger(1) here' }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tsacct-syslog-'));
  const socketPath = join(dir, 'log.sock');
  const { server, lines } = await streamReceiver(socketPath);
  try {
    const logger = createLogger({ tag: 'default/core', debug: false, syslog: { facility: 'local3', ident: 'nfacctd', socketPath } });
    logger.info('Start logging ...');
    logger.debug('not sent without debug');
    logger.warn('two\nlines');
    logger.error('bad');
    while (lines.length < 3) await sleep(10);
    const stamp = '[A-Z][a-z]{2} [ 123]\\d \\d\\d:\\d\\d:\\d\\d';
    const head = `${stamp} nfacctd\\[${process.pid}\\]: `;
    assert.match(lines[0]!, new RegExp(`^<158>${head}INFO \\( default/core \\): Start logging \\.\\.\\.$`));
    assert.match(lines[1]!, new RegExp(`^<156>${head}WARN \\( default/core \\): two lines$`));
    assert.match(lines[2]!, new RegExp(`^<155>${head}ERROR \\( default/core \\): bad$`));
    assert.equal(lines.length, 3);
  } finally {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the logger child gets one priority-prefixed line per message and pmacct\'s ident', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tsacct-syslog-'));
  const socketPath = join(dir, 'log.sock');
  const { server } = await streamReceiver(socketPath);
  // A stand-in for logger(1) that records its arguments and what it reads.
  const record = join(dir, 'record.json');
  const standIn = join(dir, 'fake-logger.cjs');
  writeFileSync(standIn, `
    let input = '';
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (d) => { input += d; if (input.split('\\n').length > 2) {
      require('node:fs').writeFileSync(${JSON.stringify(record)}, JSON.stringify({ args: process.argv.slice(2), input }));
    } });
  `);
  try {
    const fallbacks: string[] = [];
    const sink = new SyslogSink({ facility: 'daemon', ident: 'nfacctd', pid: 4242, socketPath, command: [process.execPath, standIn], onFallback: (r) => fallbacks.push(r) }, () => {});
    assert.equal(sink.write('INFO', 'INFO ( default/core ): one'), true);
    assert.equal(sink.write('ERROR', 'ERROR ( p/print ): two'), true);
    let recorded: { args: string[]; input: string } | null = null;
    while (recorded === null) {
      await sleep(10);
      try {
        recorded = JSON.parse(readFileSync(record, 'utf8')) as { args: string[]; input: string };
      } catch {
        recorded = null;
      }
    }
    assert.deepEqual(recorded.args, ['--prio-prefix', '--socket-errors=on', '--size', '8192', '-u', socketPath, '-t', 'nfacctd', '--id=4242', '-p', 'daemon.info']);
    // daemon = 3: INFO 3×8+6 = 30, ERROR 3×8+3 = 27
    assert.equal(recorded.input, '<30>INFO ( default/core ): one\n<27>ERROR ( p/print ): two\n');
    assert.deepEqual(fallbacks, []);
  } finally {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('when logger cannot be started, the lines already written are handed back, and the sink says so once', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tsacct-syslog-'));
  const socketPath = join(dir, 'log.sock');
  const { server } = await streamReceiver(socketPath);
  try {
    const lost: [LogLevel, string][] = [];
    const fallbacks: string[] = [];
    let fallenBack: () => void = () => {};
    const fellBack = new Promise<void>((resolve) => {
      fallenBack = resolve;
    });
    const sink = new SyslogSink(
      { facility: 'local0', ident: 'nfacctd', pid: 1, socketPath, command: [join(dir, 'no-such-logger')], onFallback: (r) => { fallbacks.push(r); fallenBack(); } },
      (level, text) => lost.push([level, text]),
    );
    // Written before the spawn failure is known: kept, then handed back.
    assert.equal(sink.write('INFO', 'first'), true);
    assert.equal(sink.write('WARN', 'second'), true);
    await fellBack;
    assert.equal(sink.write('INFO', 'after'), false);
    assert.equal(fallbacks.length, 1);
    assert.match(fallbacks[0]!, /^cannot run .*no-such-logger: spawn .*no-such-logger ENOENT$/);
    assert.deepEqual(lost, [['INFO', 'first'], ['WARN', 'second']]);
  } finally {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('when logger stops (e.g. the syslog daemon went away), the sink falls back with logger\'s reason', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tsacct-syslog-'));
  const socketPath = join(dir, 'log.sock');
  const { server } = await streamReceiver(socketPath);
  const standIn = join(dir, 'failing-logger.cjs');
  writeFileSync(standIn, `process.stderr.write('logger: socket ${socketPath}: Connection refused\\n'); process.exit(1);`);
  try {
    let sink: SyslogSink | null = null;
    const reason = await new Promise<string>((resolve) => {
      sink = new SyslogSink({ facility: 'user', ident: 'nfacctd', pid: 1, socketPath, command: [process.execPath, standIn], onFallback: resolve }, () => {});
    });
    assert.equal(reason, `${process.execPath} stopped (logger: socket ${socketPath}: Connection refused); messages since its last success may be lost`);
    assert.equal(sink!.active, false);
    assert.equal(sink!.write('INFO', 'x'), false);
  } finally {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('without a syslog socket the logger writes to stderr, after one warning', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tsacct-syslog-'));
  try {
    const script = join(dir, 'log.ts');
    writeFileSync(script, `
      import { createLogger } from ${JSON.stringify(join(SRC, 'core', 'logger.ts'))};
      const logger = createLogger({ tag: 'default/core', debug: false, syslog: { facility: 'daemon', ident: 'nfacctd', socketPath: ${JSON.stringify(join(dir, 'absent.sock'))} } });
      logger.info('Start logging ...');
      logger.warn('then this');
    `);
    const result = spawnSync(process.execPath, [script], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, '');
    assert.equal(
      result.stderr,
      `WARN ( default/core ): syslog: no syslog socket at ${join(dir, 'absent.sock')}. Logging to standard error (stderr).\n` +
        'INFO ( default/core ): Start logging ...\n' +
        'WARN ( default/core ): then this\n',
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a process logging to syslog exits when it is done: the logger child does not keep it alive', { skip: !HAS_LOGGER && 'no logger(1) here' }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'tsacct-syslog-'));
  try {
    const script = join(dir, 'log.ts');
    writeFileSync(script, `
      import { createServer } from 'node:net';
      import { createLogger } from ${JSON.stringify(join(SRC, 'core', 'logger.ts'))};
      const server = createServer((c) => c.resume());
      server.listen(${JSON.stringify(join(dir, 'log.sock'))}, () => {
        const logger = createLogger({ tag: 'default/core', debug: false, syslog: { facility: 'daemon', ident: 'nfacctd', socketPath: ${JSON.stringify(join(dir, 'log.sock'))} } });
        logger.info('hello');
        server.unref();
      });
    `);
    // execFileSync's own timeout is only a guard against a hang: the assertion is the exit status.
    execFileSync(process.execPath, [script], { timeout: 20_000 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
