/**
 * Re-creates the pmacct 1.7.7 answers of the memory golden cases:
 *   node test/golden/memory/regenerate.ts
 * (needs `apt-get install pmacct`: nfacctd with the memory plugin and the
 * pmacct client). Writes <case>/<n>.out: the client's exit code, then stdout.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { memoryCases, memoryDir, runMemoryCase } from './memoryGolden.ts';

const work = mkdtempSync(join(tmpdir(), 'pmacct-memory-'));
try {
  for (const c of memoryCases()) {
    const answers = await runMemoryCase(c, ['nfacctd'], ['pmacct'], work);
    mkdirSync(join(memoryDir, c.name), { recursive: true });
    answers.forEach((text, i) => writeFileSync(join(memoryDir, c.name, `${i + 1}.out`), text));
    process.stdout.write(`${c.name}: ${answers.length} answers\n`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
