/**
 * The stall check of the server backends (src/plugins/sql/serverWatch.ts)
 * with short timings: a statement is given up only when the check fails or
 * the time limit passes, and the connection is destroyed exactly then.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { watched, type StallGuard, type StallTimings } from '../../../src/plugins/sql/serverWatch.ts';

const timings: StallTimings = { checkAfterMs: 20, probeTimeoutMs: 50, limitMs: 400 };

function guardOf(probe: () => Promise<void>): StallGuard & { probes: number; givenUp: Error[] } {
  const guard = {
    probes: 0,
    givenUp: [] as Error[],
    probe: async () => {
      guard.probes++;
      await probe();
    },
    giveUp: (reason: Error) => void guard.givenUp.push(reason),
  };
  return guard;
}

const never = (): Promise<never> => new Promise<never>(() => undefined);

describe('watched statements', () => {
  it('passes an answer or a server error through untouched', async () => {
    const guard = guardOf(async () => undefined);
    assert.equal(await watched(Promise.resolve(7), guard, 'a statement', true, timings), 7);
    await assert.rejects(watched(Promise.reject(new Error('duplicate key')), guard, 'a statement', true, timings), /duplicate key/);
    assert.deepEqual(guard.givenUp, []);
  });

  it('gives a statement up when the server does not answer a new connection', async () => {
    const guard = guardOf(never);
    await assert.rejects(watched(never(), guard, 'a statement', true, timings), /a statement: no answer from the server in \d+ s, and the check on a new connection failed \(no answer in \d+ s\)/);
    assert.equal(guard.givenUp.length, 1);
  });

  it('gives a statement up when the server sees its session idle', async () => {
    const guard = guardOf(async () => {
      throw new Error('the statement is not running there');
    });
    await assert.rejects(watched(never(), guard, 'LOCK TABLES', true, timings), /LOCK TABLES: .*not running there/);
    assert.equal(guard.givenUp.length, 1);
  });

  it('keeps waiting for a busy server, up to the limit', async () => {
    const guard = guardOf(async () => undefined);
    const slow = sleep(100).then(() => 'done');
    assert.equal(await watched(slow, guard, 'COPY', true, timings), 'done');
    assert.ok(guard.probes >= 1, 'the server was checked while the statement ran');
    assert.deepEqual(guard.givenUp, []);
    await assert.rejects(watched(never(), guard, 'COPY', true, timings), /COPY: no answer from the server in \d+ s$/);
    assert.equal(guard.givenUp.length, 1);
  });

  it('does not check a COMMIT, only bounds it', async () => {
    const guard = guardOf(never);
    assert.equal(await watched(sleep(100).then(() => 'committed'), guard, 'COMMIT', false, timings), 'committed');
    assert.equal(guard.probes, 0);
    await assert.rejects(watched(never(), guard, 'COMMIT', false, timings), /COMMIT: no answer from the server/);
    assert.equal(guard.probes, 0);
    assert.equal(guard.givenUp.length, 1);
  });
});
