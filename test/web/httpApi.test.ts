/**
 * The HTTP API and the query socket of a running nfacctd: /metrics moves with
 * traffic and with malformed input and parses as Prometheus text format;
 * tables answer as JSON; a bearer token keeps /api and /metrics closed to
 * anyone without it; the API binds to 127.0.0.1 unless told otherwise; the
 * memory plugin's socket gets 0666 & ~files_umask.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { boundSender } from '../robustness/udpTestKit.ts';
import { startWebDaemon, v5Datagram } from './webTestKit.ts';

interface Sample { labels?: Record<string, string>; value: string }
interface Family { name: string; help: string; type: string; metrics: Sample[] }

/** The exposition's lines, checked one by one against the text format's grammar. */
function assertTextFormat(text: string): void {
  const name = '[a-zA-Z_:][a-zA-Z0-9_:]*';
  const labels = `\\{(${name}="(\\\\.|[^"\\\\])*"(,${name}="(\\\\.|[^"\\\\])*")*)?\\}`;
  const sample = new RegExp(`^${name}(${labels})? (-?[0-9.]+(e[+-]?[0-9]+)?|NaN|[+-]Inf)( -?[0-9]+)?$`);
  const typed = new Set<string>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const t = /^# TYPE (\S+) (counter|gauge|histogram|summary|untyped)$/.exec(line);
    if (t) {
      assert.ok(!typed.has(t[1]!), `TYPE given twice for ${t[1]}`);
      typed.add(t[1]!);
      continue;
    }
    if (line.startsWith('# HELP ')) continue;
    assert.match(line, sample);
  }
}

function value(families: Family[], metric: string, labels: Record<string, string> = {}): number {
  const family = families.find((f) => f.name === metric);
  assert.ok(family, `no ${metric}`);
  const m = family.metrics.find((s) => Object.entries(labels).every(([k, v]) => s.labels?.[k] === v));
  return m ? Number(m.value) : 0;
}

async function scrape(port: number, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  const res = await fetch(`http://127.0.0.1:${port}/metrics`, { headers });
  return { status: res.status, text: await res.text() };
}

test('/metrics counts datagrams, records and malformed input per exporter and per plugin, in valid text format', async () => {
  const d = await startWebDaemon([]);
  try {
    assert.match(d.daemon.log, /HTTP API listening on http:\/\/127\.0\.0\.1:\d+/);
    const before = parsePrometheusTextFormat((await scrape(d.webPort)).text) as Family[];
    assert.equal(value(before, 'tsacct_records_in_total'), 0);
    const sender = await boundSender('127.0.0.1');
    for (let i = 0; i < 5; i++) sender.send(v5Datagram(i * 30, 30, 1 + i * 30), d.udpPort, '127.0.0.1');
    // Three datagrams that announce 30 records and carry 2: malformed, counted for this exporter.
    for (let i = 0; i < 3; i++) sender.send(v5Datagram(150, 30).subarray(0, 24 + 2 * 48), d.udpPort, '127.0.0.1');
    let after: Family[] = before;
    let text = '';
    for (let i = 0; i < 100; i++) {
      await sleep(50);
      text = (await scrape(d.webPort)).text;
      after = parsePrometheusTextFormat(text) as Family[];
      if (value(after, 'tsacct_exporter_malformed_total', { exporter: '127.0.0.1' }) === 3 && value(after, 'tsacct_records_in_total') === 150) break;
    }
    sender.close();
    assertTextFormat(text);
    const exporter = { exporter: '127.0.0.1' };
    assert.equal(value(after, 'tsacct_exporter_datagrams_total', exporter), 8);
    assert.equal(value(after, 'tsacct_exporter_records_total', exporter), 150);
    assert.equal(value(after, 'tsacct_exporter_malformed_total', exporter), 3);
    // 5 datagrams of 24 + 30·48 bytes and 3 of 24 + 2·48.
    assert.equal(value(after, 'tsacct_exporter_bytes_total', exporter), 5 * (24 + 30 * 48) + 3 * (24 + 2 * 48));
    assert.equal(value(after, 'tsacct_receive_datagrams_total'), 8);
    assert.equal(value(after, 'tsacct_records_in_total'), 150);
    assert.equal(value(after, 'tsacct_plugin_records_in_total', { plugin: 'table', type: 'memory' }), 150);
    assert.equal(value(after, 'tsacct_plugin_cache_entries', { plugin: 'table', type: 'memory' }), 150);
    assert.ok(after.some((f) => f.name === 'tsacct_process_cpu_seconds_total'), 'process metrics');

    const table = (await (await fetch(`http://127.0.0.1:${d.webPort}/api/v1/tables/table?top=packets,5`)).json()) as { total: number; entries: Array<{ packets: number; ip_dst: string }> };
    assert.equal(table.total, 5);
    assert.ok(table.entries.every((e) => e.packets === 1 && e.ip_dst === '10.1.0.1'));
    const counters = (await (await fetch(`http://127.0.0.1:${d.webPort}/api/v1/tables/table?primitives=dst_host,proto&match=10.1.0.1,tcp;10.1.0.2,*&counters=true`)).json()) as { requests: Array<{ packets: number; bytes: number; entries: number }> };
    assert.deepEqual(counters.requests.map((r) => [r.packets, r.bytes, r.entries]), [[150, 15000, 150], [0, 0, 0]]);
    const bad = await fetch(`http://127.0.0.1:${d.webPort}/api/v1/tables/table?match=1`);
    assert.equal(bad.status, 400);
    assert.equal((await fetch(`http://127.0.0.1:${d.webPort}/api/v1/tables/nosuch`)).status, 404);
    // The socket: pmacct's default files_umask 077 leaves it to the daemon's user.
    assert.equal(statSync(d.pipe).mode & 0o777, 0o600);
    assert.ok(statSync(d.pipe).isSocket());
  } finally {
    await d.stop();
  }
});

test('a bearer token keeps /api and /metrics closed; /healthz stays open; the socket follows files_umask', async () => {
  const d = await startWebDaemon(['web_token: s3cret-token', 'files_umask: 027']);
  try {
    const url = `http://127.0.0.1:${d.webPort}`;
    for (const path of ['/metrics', '/api/v1/tables', '/api/v1/tables/table']) {
      const none = await fetch(url + path);
      assert.equal(none.status, 401, path);
      assert.equal(none.headers.get('www-authenticate'), 'Bearer');
      assert.equal((await fetch(url + path, { headers: { authorization: 'Bearer wrong-token!' } })).status, 401, path);
      assert.equal((await fetch(url + path, { headers: { authorization: 'Basic czNjcmV0LXRva2Vu' } })).status, 401, path);
      assert.equal((await fetch(url + path, { headers: { authorization: 'Bearer s3cret-token' } })).status, 200, path);
    }
    assert.equal((await fetch(`${url}/healthz`)).status, 200);
    assert.equal(statSync(d.pipe).mode & 0o777, 0o640);
  } finally {
    await d.stop();
  }
});
