/**
 * aggregate_primitives: the map parser's rules and messages, and golden runs
 * against pmacct 1.7.7 (test/fixtures/maps/primitives-*.pmacct.conf: the
 * exact config pmacct ran from that folder; outputs sorted, header first)
 * through `tsacct nfacctd -f`, compared line for line.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCustomPrimitives, CUSTOM_VLEN } from '../../src/maps/customPrimitives.ts';
import { ConfigError } from '../../src/config/configError.ts';
import { fixtures, runPmacctConf } from './fixtureGolden.ts';


function sorted(raw: string, withHeader: boolean): string {
  const lines = raw.split('\n').filter((l) => l !== '');
  const header = withHeader ? [lines.shift()!] : [];
  lines.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return [...header, ...lines].map((l) => l + '\n').join('');
}

for (const name of ['primitives-yaf', 'primitives-netscaler']) {
  test(`${name}: custom primitives in csv, json and formatted output match pmacct 1.7.7`, async () => {
    await runPmacctConf(name, 'nfacctd', (output) => {
      for (const format of ['csv', 'json', 'formatted']) {
        assert.equal(sorted(output(`${name}-${format}.out`), format !== 'json'),
          readFileSync(join(fixtures, `${name}-${format}.pmacct.out`), 'utf8'), format);
      }
    });
  });
}

test('the example file parses: field_type with PEN, vlen, packet_ptr', () => {
  const defs = parseCustomPrimitives([
    '! comment',
    'name=mtla\tfield_type=47\tlen=4\tsemantics=ip',
    'name=alu_91 field_type=637:91 len=2 semantics=hex',
    'name=url field_type=5951:130 len=vlen semantics=str',
  ].join('\n'), 'p.lst');
  assert.deepEqual(defs.map((d) => [d.name, d.pen, d.fieldType, d.len, d.semantics]), [
    ['mtla', 0, 47, 4, 'ip'], ['alu_91', 637, 91, 2, 'hex'], ['url', 5951, 130, CUSTOM_VLEN, 'str'],
  ]);
  // The packet_ptr lines of pmacct's primitives.lst.example (details: customPrimitivesPtr.test.ts).
  const ptr = parseCustomPrimitives([
    'name=ttl_pm\tpacket_ptr=l3:0x800+8   packet_ptr=l3:0x86dd+7\tlen=1   semantics=u_int',
    'name=udp_len\tpacket_ptr=l4:17+4      len=2   semantics=u_int',
    'name=tcp_win\tpacket_ptr=l4:6+14      len=2   semantics=u_int',
    'name=ttl_nf\tpacket_ptr=l3:0x800+8   packet_ptr=l3:0x86dd+7  len=1   semantics=u_int\tfield_type=192',
  ].join('\n'), 'p.lst');
  assert.deepEqual(ptr.map((d) => [d.name, d.fieldType, d.pointers.map((p) => `${p.layer}:${p.proto}+${p.offset}`).join(' ')]), [
    ['ttl_pm', -1, '4:2048+8 4:34525+7'], ['udp_len', -1, '5:17+4'], ['tcp_win', -1, '5:6+14'], ['ttl_nf', 192, '4:2048+8 4:34525+7'],
  ]);
});

test('bad lines are reported with file:line', () => {
  assert.throws(() => parseCustomPrimitives([
    'name=a field_type=1 len=vlen semantics=u_int',
    'name=b field_type=x len=4 semantics=ip',
    'name=c field_type=1 len=4 semantics=float',
    'name=src_host field_type=8 len=4 semantics=ip',
    'name=d field_type=1 len=4 semantics=u_int',
    'name=d field_type=2 len=4 semantics=u_int',
    'name = e',
  ].join('\n'), 'p.lst', (n) => n === 'src_host'), (err: unknown) => {
    assert.ok(err instanceof ConfigError);
    const text = err.problems.join('\n');
    assert.match(text, /p\.lst:1: 'len=vlen' needs semantics 'str' or 'raw'/);
    assert.match(text, /p\.lst:2: invalid field_type 'x'/);
    assert.match(text, /p\.lst:3: invalid semantics 'float'/);
    assert.match(text, /p\.lst:4: 'src_host' is the name of a built-in primitive/);
    assert.match(text, /p\.lst:6: 'd' is already defined at p\.lst:5/);
    assert.match(text, /p\.lst:7: /);
    return true;
  });
});
