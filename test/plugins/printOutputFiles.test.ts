/**
 * The print plugin's file features, run through the real command line on a
 * stored capture. Expected shapes come from pmacct 1.7.7 runs on the same
 * capture (nfacctd -f with the same keys, 2026-11-22): markers
 * "--START (pid)--" / "--END (pid)--" around csv and formatted output,
 * purge_init/purge_close JSON objects with writer_id "<plugin>/<pid>",
 * event_* outputs without counters, `$peer_src_ip` with '.' turned into '_',
 * print_latest_file as a symlink to the file written, files created 0600.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { lstatSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const repo = join(import.meta.dirname, '..', '..');
const capture = join(repo, 'test', 'golden', 'nfv9-akvorado', 'capture.pcap');

async function printRun(keys: string[]): Promise<{ dir: string; cleanup: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'tsacct-print-'));
  const conf = ['pcap_savefile: ' + capture, 'pcap_savefile_wait: false', 'plugins: print[ref]', 'aggregate[ref]: src_host, proto', ...keys, ''].join('\n');
  writeFileSync(join(dir, 'run.conf'), conf);
  await run(process.execPath, [join(repo, 'bin', 'tsacct.js'), 'nfacctd', '-f', 'run.conf'], { cwd: dir, timeout: 60_000 });
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

test('csv with markers: START/END lines around header and rows, file mode 0600', async () => {
  const { dir, cleanup } = await printRun(['print_output[ref]: csv', 'print_markers[ref]: true', 'print_output_file[ref]: out.csv']);
  try {
    const lines = readFileSync(join(dir, 'out.csv'), 'utf8').trimEnd().split('\n');
    assert.match(lines[0]!, /^--START \(\d+\)--$/);
    assert.equal(lines[1], 'SRC_IP,PROTOCOL,PACKETS,BYTES');
    assert.match(lines.at(-1)!, /^--END \(\d+\)--$/);
    assert.equal(lines.length, 2 + 9 + 1); // pmacct printed 9 aggregates for this capture
    assert.ok(lines.includes('120.120.180.202,tcp,1,436'));
    assert.equal(statSync(join(dir, 'out.csv')).mode & 0o777, 0o600);
  } finally {
    cleanup();
  }
});

test('json with markers: purge_init and purge_close objects', async () => {
  const { dir, cleanup } = await printRun(['print_output[ref]: json', 'print_markers[ref]: true', 'print_output_file[ref]: out.json']);
  try {
    const lines = readFileSync(join(dir, 'out.json'), 'utf8').trimEnd().split('\n');
    assert.match(lines[0]!, /^\{"event_type": "purge_init", "writer_id": "ref\/\d+"\}$/);
    assert.match(lines.at(-1)!, /^\{"event_type": "purge_close", "writer_id": "ref\/\d+", "purged_entries": 9, "total_entries": 9, "duration": 0\}$/);
    assert.ok(lines.includes('{"event_type": "purge", "ip_src": "120.120.180.202", "ip_proto": "tcp", "packets": 1, "bytes": 436}'));
  } finally {
    cleanup();
  }
});

test('event_csv and event_formatted drop the counters; formatted columns keep their padding', async () => {
  const csv = await printRun(['print_output[ref]: event_csv', 'print_output_file[ref]: out.txt']);
  const fmt = await printRun(['print_output[ref]: event_formatted', 'print_output_file[ref]: out.txt']);
  try {
    const csvLines = readFileSync(join(csv.dir, 'out.txt'), 'utf8').split('\n');
    assert.equal(csvLines[0], 'SRC_IP,PROTOCOL');
    assert.ok(csvLines.includes('120.120.180.202,tcp'));
    const fmtLines = readFileSync(join(fmt.dir, 'out.txt'), 'utf8').split('\n');
    // pmacct: "SRC_IP" padded to 47 columns, "PROTOCOL" to 12, then the line ends.
    assert.equal(fmtLines[0], 'SRC_IP'.padEnd(47) + 'PROTOCOL'.padEnd(12));
    assert.ok(fmtLines.includes('120.120.180.202'.padEnd(47) + 'tcp'.padEnd(12)));
  } finally {
    csv.cleanup();
    fmt.cleanup();
  }
});

test('$peer_src_ip in the file name and print_latest_file as a symlink to it', async () => {
  const { dir, cleanup } = await printRun([
    'aggregate[ref]: src_host, peer_src_ip',
    'print_output[ref]: csv',
    'print_output_file[ref]: out-$peer_src_ip.csv',
    'print_latest_file[ref]: latest',
  ]);
  try {
    assert.ok(readdirSync(dir).includes('out-102_102_144_1.csv'));
    assert.ok(lstatSync(join(dir, 'latest')).isSymbolicLink());
    assert.equal(readlinkSync(join(dir, 'latest')), 'out-102_102_144_1.csv');
  } finally {
    cleanup();
  }
});

test('print_output_file_append adds rows under one header across runs', async () => {
  const first = await printRun(['print_output[ref]: csv', 'print_output_file[ref]: out.csv', 'print_output_file_append[ref]: true']);
  try {
    writeFileSync(join(first.dir, 'run2.conf'), readFileSync(join(first.dir, 'run.conf')));
    await run(process.execPath, [join(repo, 'bin', 'tsacct.js'), 'nfacctd', '-f', 'run2.conf'], { cwd: first.dir, timeout: 60_000 });
    const lines = readFileSync(join(first.dir, 'out.csv'), 'utf8').trimEnd().split('\n');
    assert.equal(lines.filter((l) => l === 'SRC_IP,PROTOCOL,PACKETS,BYTES').length, 1);
    assert.equal(lines.length, 1 + 2 * 9);
  } finally {
    first.cleanup();
  }
});
