// "did you mean" suggestions for unknown keys.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { editDistance, suggestKey } from '../../src/config/keySuggestion.ts';

describe('suggestKey', () => {
  it('suggests the closest registered key', () => {
    assert.equal(suggestKey('print_outptu', 'nfacctd'), 'print_output');
    assert.equal(suggestKey('agregate', 'nfacctd'), 'aggregate');
    assert.equal(suggestKey('plugin', 'nfacctd'), 'plugins');
    assert.equal(suggestKey('print_refresh_tme', 'nfacctd'), 'print_refresh_time');
  });

  it('suggests nothing when no key is close', () => {
    assert.equal(suggestKey('foo_bar', 'nfacctd'), undefined);
    assert.equal(suggestKey('nfacctd_rcvbuf_size', 'nfacctd'), undefined);
  });

  it('prefers a key of the running daemon among equally close ones', () => {
    // 'sfacctd_ip' and 'nfacctd_ip' are both one edit away from 'xfacctd_ip'.
    assert.equal(suggestKey('xfacctd_ip', 'nfacctd'), 'nfacctd_ip');
    assert.equal(suggestKey('xfacctd_ip', 'sfacctd'), 'sfacctd_ip');
  });
});

describe('editDistance', () => {
  it('counts a swap of neighbours as one edit', () => {
    assert.equal(editDistance('outptu', 'output'), 1);
    assert.equal(editDistance('abc', 'abc'), 0);
    assert.equal(editDistance('', 'abc'), 3);
    assert.equal(editDistance('kitten', 'sitting'), 3);
  });
});
