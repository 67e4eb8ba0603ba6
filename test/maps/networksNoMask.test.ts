/**
 * networks_no_mask_if_zero against pmacct 1.7.7: every
 * test/fixtures/maps/nomask-<name>.conf is the exact nfacctd config that
 * made pmacct print <name>.out (unknown networks and default-route matches
 * keep the whole address, their mask still prints 0; nomask-off is the
 * same input without the key).
 */
import { test } from 'node:test';
import { readdirSync } from 'node:fs';
import { fixtures, runFixtureGolden } from './fixtureGolden.ts';

for (const confName of readdirSync(fixtures).filter((f) => /^nomask-[a-z0-9-]+\.conf$/.test(f))) {
  test(`networks_no_mask_if_zero golden ${confName}`, () => runFixtureGolden(confName));
}
