/**
 * Acceptance 3 of issue 8 (extTm.ts): the external traffic matrix written
 * by tsacct nfacctd into SQLite and PostgreSQL holds the rows pmacct
 * 1.7.7 writes for the same BGP feed and capture (regenerate.ts ext-tm),
 * but for peer_ip_dst, which tsacct fills from BGP and pmacct leaves unset
 * (docs/compat.md): checked by hand, then compared the way pmacct holds it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { removeDir, tempDir } from '../../routing/bgp/bgpTestKit.ts';
import { runCollector } from './bgpCorrelationScenario.ts';
import { extTmCase, extTmRun, extTmStoredPath, extTmTargets, withPmacctPeerDstIp } from './extTm.ts';

const TSACCT = join(import.meta.dirname, '..', '..', '..', 'bin', 'tsacct.js');

test('the external traffic matrix in SQLite and PostgreSQL equals pmacct 1.7.7', { timeout: 90_000 }, async () => {
  const dir = tempDir('tsacct-ext-tm-');
  const targets = extTmTargets(`tsacct_ext_tm_${process.pid}`);
  try {
    for (const backend of ['sqlite3', 'pgsql'] as const) await targets[backend].prepare(extTmCase(backend));
    await runCollector(extTmRun(targets), dir, (conf, daemon) => [process.execPath, [TSACCT, daemon, '-f', conf]]);
    for (const backend of ['sqlite3', 'pgsql'] as const) {
      const ours = withPmacctPeerDstIp(await targets[backend].dump(extTmCase(backend)), backend);
      assert.deepEqual(ours.problems, [], backend);
      const theirs = withPmacctPeerDstIp(readFileSync(extTmStoredPath(backend), 'utf8'), backend);
      assert.equal(ours.text, theirs.text, backend);
      assert.ok(ours.text.split('\n').length > 10, `${backend}: rows written`);
    }
  } finally {
    await targets.sqlite3.dispose();
    await targets.pgsql.dispose();
    removeDir(dir);
  }
});
