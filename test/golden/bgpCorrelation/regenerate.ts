/**
 * Re-creates the pmacct 1.7.7 outputs of the flow/BGP correlation golden:
 *   node test/golden/bgpCorrelation/regenerate.ts [case ...]
 * (needs `apt-get install pmacct`, and PostgreSQL at 127.0.0.1 for
 * ext-tm; about 5 seconds a case). Runs each case of
 * bgpCorrelationScenario.ts against `nfacctd` (`sfacctd` for the sFlow
 * case) and stores the sorted print
 * output as <case>.pmacct.out beside this script; the case `ext-tm`
 * (extTm.ts) stores the dumps of its SQLite and PostgreSQL tables as
 * ext-tm.<backend>.pmacct.csv; the case `bgp-attributes` (sqlBgpAttributes.ts,
 * also MariaDB at 127.0.0.1) as bgp-attributes.<backend>.pmacct.csv.
 */
import { writeFileSync } from 'node:fs';
import { removeDir, tempDir } from '../../routing/bgp/bgpTestKit.ts';
import { CASES, runCase, runCollector, storedPath } from './bgpCorrelationScenario.ts';
import { extTmCase, extTmRun, extTmStoredPath, extTmTargets } from './extTm.ts';
import { BGP_ATTRIBUTES_BACKENDS, bgpAttributesCase, bgpAttributesRun, bgpAttributesStoredPath, bgpAttributesTargets } from './sqlBgpAttributes.ts';

const only = process.argv.slice(2);
const pmacct = (conf: string, daemon: string): [string, string[]] => [daemon, ['-f', conf]];
for (const c of CASES) {
  if (only.length > 0 && !only.includes(c.name)) continue;
  const dir = tempDir('pmacct-bgp-correlation-');
  try {
    const out = await runCase(c, dir, pmacct);
    writeFileSync(storedPath(c), out);
    process.stdout.write(`${c.name}: ${out.split('\n').filter(Boolean).length} lines\n`);
  } finally {
    if (process.env.TSACCT_KEEP) process.stdout.write(`files kept in ${dir}\n`);
    else removeDir(dir);
  }
}

if (only.length === 0 || only.includes('ext-tm')) {
  const dir = tempDir('pmacct-ext-tm-');
  const targets = extTmTargets('pmacct_ext_tm_golden');
  try {
    for (const backend of ['sqlite3', 'pgsql'] as const) await targets[backend].prepare(extTmCase(backend));
    await runCollector(extTmRun(targets), dir, pmacct);
    for (const backend of ['sqlite3', 'pgsql'] as const) {
      const dump = await targets[backend].dump(extTmCase(backend));
      writeFileSync(extTmStoredPath(backend), dump);
      process.stdout.write(`ext-tm ${backend}: ${dump.split('\n').filter(Boolean).length - 2} rows\n`);
    }
  } finally {
    await targets.sqlite3.dispose();
    await targets.pgsql.dispose();
    removeDir(dir);
  }
}

if (only.length === 0 || only.includes('bgp-attributes')) {
  const dir = tempDir('pmacct-bgp-attrs-');
  const targets = bgpAttributesTargets('pmacct_golden');
  try {
    for (const backend of BGP_ATTRIBUTES_BACKENDS) await targets[backend].prepare(bgpAttributesCase(backend));
    await runCollector(bgpAttributesRun(targets), dir, pmacct);
    for (const backend of BGP_ATTRIBUTES_BACKENDS) {
      const dump = await targets[backend].dump(bgpAttributesCase(backend));
      writeFileSync(bgpAttributesStoredPath(backend), dump);
      process.stdout.write(`bgp-attributes ${backend}: ${dump.split('\n').filter(Boolean).length - 2} rows\n`);
    }
  } finally {
    for (const backend of BGP_ATTRIBUTES_BACKENDS) await targets[backend].dispose();
    removeDir(dir);
  }
}
