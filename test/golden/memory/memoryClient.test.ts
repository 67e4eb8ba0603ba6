/**
 * The memory plugin and the pmacct client against pmacct 1.7.7: each case of
 * cases.json runs tsacct nfacctd (memory plugin) and asks every query with
 * `tsacct pmacct`; exit codes and output equal pmacct's stored answers
 * (<case>/<n>.out, made by regenerate.ts) as sorted line multisets.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { comparable, memoryCases, memoryDir, runMemoryCase } from './memoryGolden.ts';

const tsacct = [process.execPath, join(memoryDir, '..', '..', '..', 'bin', 'tsacct.js')];

for (const c of memoryCases()) {
  test(`memory client golden ${c.name}: ${c.queries.length} queries equal pmacct 1.7.7's answers`, async () => {
    const work = mkdtempSync(join(tmpdir(), 'tsacct-memory-'));
    try {
      const answers = await runMemoryCase(c, [...tsacct, 'nfacctd'], [...tsacct, 'pmacct'], work);
      c.queries.forEach((q, i) => {
        const expected = readFileSync(join(memoryDir, c.name, `${i + 1}.out`), 'utf8');
        assert.equal(comparable(answers[i]!, q), comparable(expected, q), `query ${i + 1}: pmacct ${q.args.join(' ')}`);
      });
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
}
