/**
 * Issue 8, gap 1 (sqlBgpAttributes.ts): the BGP primitives of the
 * destination and source routes written by tsacct nfacctd into SQLite,
 * PostgreSQL and MySQL/MariaDB hold the rows pmacct 1.7.7 writes for the
 * same BGP feed and capture (regenerate.ts bgp-attributes).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { removeDir, tempDir } from '../../routing/bgp/bgpTestKit.ts';
import { runCollector } from './bgpCorrelationScenario.ts';
import { BGP_ATTRIBUTES_BACKENDS, bgpAttributesCase, bgpAttributesRun, bgpAttributesStoredPath, bgpAttributesTargets } from './sqlBgpAttributes.ts';

const TSACCT = join(import.meta.dirname, '..', '..', '..', 'bin', 'tsacct.js');

test('BGP primitives of both routes in SQLite, PostgreSQL and MySQL equal pmacct 1.7.7', { timeout: 90_000 }, async () => {
  const dir = tempDir('tsacct-bgp-attrs-');
  const targets = bgpAttributesTargets(`tsacct_${process.pid}`);
  try {
    for (const backend of BGP_ATTRIBUTES_BACKENDS) await targets[backend].prepare(bgpAttributesCase(backend));
    await runCollector(bgpAttributesRun(targets), dir, (conf, daemon) => [process.execPath, [TSACCT, daemon, '-f', conf]]);
    for (const backend of BGP_ATTRIBUTES_BACKENDS) {
      const ours = await targets[backend].dump(bgpAttributesCase(backend));
      assert.equal(ours, readFileSync(bgpAttributesStoredPath(backend), 'utf8'), backend);
      assert.ok(ours.split('\n').length > 10, `${backend}: rows written`);
    }
  } finally {
    for (const backend of BGP_ATTRIBUTES_BACKENDS) await targets[backend].dispose();
    removeDir(dir);
  }
});
