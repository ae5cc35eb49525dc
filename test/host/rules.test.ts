import { test } from 'node:test';
import assert from 'node:assert/strict';
import { atomicMomentPaths, hyperMomentRules, hyperWalk } from '../../host/model/rules.js';

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

/** A symmetric tensor of every rank 0..4 with pseudo-random entries: the value depends on the sorted indices only. */
function symmetricMoments(seed: number): (digits: number[]) => number {
  return (digits) => {
    const key = [...digits].sort((a, b) => a - b).reduce((k, d) => 3 * k + d + 1, digits.length);
    return Math.sin(seed * 12.9898 + key * 78.233) * 2;
  };
}

// The walks stand for full sums: Σ over every index t of the top factor of the rule's product,
// per output entry, equals Σ over the walk of multiplicity × product (random symmetric moments).
test('hyper-moment walks: weighted sums over one index per orbit equal the full sums, max_v 1..4', () => {
  const M = symmetricMoments(3);
  for (let maxV = 1; maxV <= 4; maxV++) {
    for (let w = 0; w <= maxV; w++) {
      for (const rule of hyperMomentRules(maxV, w)) {
        let top = 0;
        for (let q = 1; q < rule.length; q++) if (rule[q] > rule[top]) top = q;
        const R = rule[top], outs = 3 ** w;
        const product = (t: number): number => {
          const d = Array.from({ length: R }, (_, k) => Math.floor(t / 3 ** (R - 1 - k)) % 3);
          let p = M(d), at = 0;
          for (let q = 0; q < rule.length; q++) if (q !== top) p *= M(d.slice(at, (at += rule[q])));
          return p;
        };
        const full = new Map<string, number>(), walked = new Map<string, number>();
        const entry = (t: number): string => Array.from({ length: w }, (_, k) => Math.floor((t % outs) / 3 ** (w - 1 - k)) % 3).sort().join();
        for (let t = 0; t < 3 ** R; t++) {
          // Every copy of an output entry has the same full sum: compare the first copy's.
          const o = t % outs, od = Array.from({ length: w }, (_, k) => Math.floor(o / 3 ** (w - 1 - k)) % 3);
          if (od.some((x, k) => k > 0 && x < od[k - 1])) continue;
          full.set(entry(t), (full.get(entry(t)) ?? 0) + product(t));
        }
        const steps = hyperWalk(rule, w);
        for (const s of steps) walked.set(entry(s.t), (walked.get(entry(s.t)) ?? 0) + s.multiplicity * product(s.t));
        assert.deepEqual([...walked.keys()].sort(), [...full.keys()].sort(), `entries of [${rule}] w=${w}`);
        for (const [k, v] of full) assert.ok(Math.abs(walked.get(k)! - v) <= 1e-12 * (1 + Math.abs(v)), `[${rule}] w=${w} entry ${k}: ${walked.get(k)} vs ${v}`);
        const lead = 3 ** (R - w), entries = ((w + 1) * (w + 2)) / 2;
        assert.equal(steps.reduce((a, s) => a + s.multiplicity, 0), lead * entries, `[${rule}] w=${w}: multiplicities`);
      }
    }
  }
  // max_v = 3's rank-3 contractions walk 10 of 27 indices, [1, 2, 3] 18.
  assert.deepEqual(hyperMomentRules(3, 0).map((r) => hyperWalk(r, 0).length), [1, 3, 6, 10, 6, 18, 10]);
});
