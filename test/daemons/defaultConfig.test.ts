import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfigText } from '../../src/config/index.ts';
import { DEFAULT_CONFIG_TEXT } from '../../src/daemons/defaultConfig.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// `npm start` runs this text: it must load, and the README must show it as it is.
test('the embedded default config is a valid nfacctd config: UDP 2100, a memory table with the HTTP API, print to stdout every 60 s, 5-minute bins in SQLite', () => {
  const config = loadConfigText('nfacctd', DEFAULT_CONFIG_TEXT, '(embedded)');
  assert.equal(config.global.int('nfacctd_port'), 2100);
  assert.equal(config.global.int('web_port'), 2180);
  assert.equal(config.global.str('web_ip'), '127.0.0.1');
  assert.deepEqual(config.plugins.map((p) => p.type), ['memory', 'print', 'sqlite3']);
  assert.equal(config.plugins[0]!.config.str('imt_path'), '/tmp/collect.pipe');
  const plugin = config.plugins[1]!;
  assert.equal(plugin.config.int('print_refresh_time'), 60);
  assert.equal(plugin.config.str('print_output_file'), undefined);
  const db = config.plugins[2]!.config;
  assert.equal(db.str('sql_db'), 'tsacct.db');
  assert.equal(db.str('sql_history'), '5m');
  assert.equal(db.bool('sql_table_autocreate'), true);
  const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
  for (const line of DEFAULT_CONFIG_TEXT.split('\n').filter((l) => l !== '' && !l.startsWith('!'))) assert.ok(readme.includes(line), `README lacks: ${line}`);
});
