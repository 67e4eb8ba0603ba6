/**
 * AMQP golden tests: tsacct's `plugins: amqp[x]` replays each case of
 * amqpGolden.ts into its own exchange and queue on RabbitMQ, and the
 * normalized messages must equal what pmacct 1.7.7 published
 * (<case>.pmacct.txt, made by regenerate.ts); the multi-values packing and
 * the markers' places are checked on the raw stream.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { refusedStartup } from '../brokerGolden.ts';
import { AMQP_CASES, amqpDir, checkPacking, expectedPath, normalize, runCase } from './amqpGolden.ts';

const tsacct = [process.execPath, join(amqpDir, '..', '..', '..', 'bin', 'tsacct.js'), 'nfacctd'];
const work = mkdtempSync(join(tmpdir(), 'tsacct-amqp-'));
after(() => rmSync(work, { recursive: true, force: true }));

test('docs/compat.md describes the broker plugins', () => {
  const compat = readFileSync(join(amqpDir, '..', '..', '..', 'docs', 'compat.md'), 'utf8');
  assert.match(compat, /\{#broker-plugins\}/);
});

for (const c of AMQP_CASES) {
  const stored = existsSync(expectedPath(c));
  test(`amqp golden ${c.name}`, { skip: !stored && 'no reference output stored' }, async () => {
    const host = (process.env.TSACCT_AMQP_HOST ?? '127.0.0.1:5672');
    const messages = await runCase(c, tsacct, join(work, `${c.name}.conf`), host);
    assert.deepEqual(checkPacking(c, messages), []);
    assert.equal(normalize(c, messages), readFileSync(expectedPath(c), 'utf8'));
  });
}

function startupError(lines: readonly string[]): Promise<string> {
  const conf = join(work, 'refused.conf');
  writeFileSync(conf, ['daemonize: false', 'plugins: amqp[x]', 'aggregate[x]: proto', ...lines, ''].join('\n'));
  return refusedStartup(tsacct, conf);
}

test('amqp: what cannot work is refused at startup', async () => {
  assert.match(await startupError(['amqp_preprocess[x]: minp=x']), /amqp_preprocess 'minp' needs a non-negative integer value/);
  assert.match(
    await startupError(['amqp_routing_key[x]: acct.$peer_src_ip', 'amqp_routing_key_rr[x]: 3']),
    /dynamic 'amqp_routing_key' is not compatible with 'amqp_routing_key_rr'/,
  );
  assert.match(
    await startupError(['amqp_routing_key[x]: acct.$peer_src_ip', 'amqp_multi_values[x]: 1000']),
    /dynamic 'amqp_routing_key' is not compatible with 'amqp_multi_values'/,
  );
});

test('amqp_trigger_exec runs after the purge at shutdown, with no variables of pmacct\'s (as nfacctd 1.7.7 does)', async () => {
  const stored = AMQP_CASES.find((c) => c.name === 'plain-5tuple')!;
  const script = join(work, 'trigger.sh');
  const envFile = join(work, 'trigger.env');
  writeFileSync(script, `#!/bin/sh\nenv > ${envFile}.tmp && mv ${envFile}.tmp ${envFile}\n`, { mode: 0o755 });
  const c = { ...stored, name: 'trigger-exec', lines: [...stored.lines, `amqp_trigger_exec[x]: ${script}`] };
  const host = (process.env.TSACCT_AMQP_HOST ?? '127.0.0.1:5672');
  const messages = await runCase(c, tsacct, join(work, 'trigger-exec.conf'), host);
  assert.equal(normalize(c, messages), readFileSync(expectedPath(stored), 'utf8'));
  // The trigger runs detached and is not waited for: wait for its file.
  for (let i = 0; i < 100 && !existsSync(envFile); i++) await new Promise((resolve) => setTimeout(resolve, 100));
  const env = readFileSync(envFile, 'utf8');
  assert.doesNotMatch(env, /^(SQL_|TOTAL_ELEM_NUMBER|EFFECTIVE_ELEM_NUMBER|ELAPSED_TIME)/m);
});
