import { test } from 'node:test';
import assert from 'node:assert/strict';
import { atomicMomentPaths, hyperMomentRules } from '../../host/model/rules.js';

// The lists of ../shared/CAMP-SPEC.md, which index the checkpoint weights.
test('hyper-moment rules for max_v = 2 and 3 match the specification', () => {
  const all = (maxV: number) => Array.from({ length: maxV + 1 }, (_, w) => hyperMomentRules(maxV, w));
  assert.deepEqual(all(2), [[[0], [1, 1], [2, 2], [1, 1, 2]], [[1], [1, 2]], [[2]]]);
  assert.deepEqual(all(3), [
    [[0], [1, 1], [2, 2], [3, 3], [1, 1, 2], [1, 2, 3], [1, 1, 1, 3]],
    [[1], [1, 2], [2, 3], [1, 1, 3]],
    [[2], [1, 3]],
    [[3]],
  ]);
});

test('hyper-moment rules for max_v = 1 and 4 satisfy the defining property', () => {
  assert.deepEqual(hyperMomentRules(1, 0), [[0], [1, 1]]);
  assert.deepEqual(hyperMomentRules(1, 1), [[1]]);
  for (let w = 0; w <= 4; w++) {
    for (const r of hyperMomentRules(4, w)) {
      if (r.length === 1 && r[0] === 0) continue;
      const top = r[r.length - 1];
      assert.equal(top, r.slice(0, -1).reduce((s, x) => s + x, 0) + w, `rule ${r} for w=${w}`);
      assert.ok(r.every((x, i) => i === 0 || x >= r[i - 1]));
    }
  }
  assert.throws(() => hyperMomentRules(2, 3), /outside 0..2/);
});

test('atomic-moment paths: v2 = v1 + v within max_v, increasing v1', () => {
  assert.deepEqual(atomicMomentPaths(2, 0).map((g) => g.map((p) => `${p.v}_${p.v1}_${p.v2}`)), [['0_0_0'], ['1_0_1'], ['2_0_2']]);
  assert.deepEqual(atomicMomentPaths(2, 2).map((g) => g.map((p) => `${p.v}_${p.v1}_${p.v2}`)), [
    ['0_0_0', '0_1_1', '0_2_2'],
    ['1_0_1', '1_1_2'],
    ['2_0_2'],
  ]);
});
