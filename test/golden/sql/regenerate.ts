/**
 * Re-creates the pmacct 1.7.7 SQL golden outputs:
 *   node test/golden/sql/regenerate.ts [--backend sqlite3|mysql|pgsql] [case ...]
 * (needs `apt-get install pmacct`: nfacctd built with the sqlite3, mysql and
 * pgsql plugins, and for mysql/pgsql the servers the tests use, see
 * sqlGolden.ts). For each case of cases.json and each of its backends,
 * nfacctd replays the capture into fresh tables created from the case's
 * script (database tsacct_golden_pmacct on the servers, dropped afterwards)
 * and the dumped tables are stored as the expected output.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expectedPath, goldenTarget, runCase, SQL_BACKENDS, sqlCases, type SqlBackendName } from './sqlGolden.ts';

const args = process.argv.slice(2);
const at = args.indexOf('--backend');
const backends: readonly SqlBackendName[] = at >= 0 ? [args[at + 1] as SqlBackendName] : SQL_BACKENDS;
const only = args.filter((_a, i) => at < 0 || (i !== at && i !== at + 1));
const work = mkdtempSync(join(tmpdir(), 'pmacct-sql-'));
try {
  for (const backend of backends) {
    const target = goldenTarget(backend, 'pmacct');
    try {
      for (const c of sqlCases(backend)) {
        if (only.length > 0 && !only.includes(c.name)) continue;
        await runCase(c, ['nfacctd'], target, join(work, `${backend}-${c.name}.conf`));
        const dump = await target.dump(c);
        mkdirSync(dirname(expectedPath(c)), { recursive: true });
        writeFileSync(expectedPath(c), dump);
        process.stdout.write(`${backend} ${c.name}: ${dump.split('\n').filter((l) => l !== '' && !l.startsWith('--')).length - 1} rows\n`);
      }
    } finally {
      await target.dispose();
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
