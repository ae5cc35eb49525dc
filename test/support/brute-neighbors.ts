// Obviously-correct neighbour list for tests: every pair (i, j) against every image shift S
// in a box wide enough to contain all edges, O(N² · images). Same definition and canonical
// order as host/neighbors: edges (i, j, S) with r = (x_j - x_i) + S·cell, |r| < cutoff,
// S only along periodic axes, i = j with S = 0 excluded; sorted by i, j, then S.
//
// Why the box suffices: with b_a the dual vectors of the periodic cell rows (b_a·c_b = δ_ab)
// and W_a = floor(x·b_a), an edge has S_a = r·b_a - (f_j - f_i)_a, so
// B = S - (W_i - W_j) satisfies |B_a| < cutoff·|b_a| + 1.
import type { EdgeList } from '../../host/backends/wasm/edge-list.js';

/** Edge arrays as both implementations expose them (meanings as in EdgeList). */
export type EdgeArrays = Pick<EdgeList, 'count' | 'rowStart' | 'i' | 'j' | 'shift' | 'vec'>;

/** What the brute force builds: EdgeList's arrays, as plain typed arrays. */
export type BruteEdges = EdgeArrays & Pick<EdgeList, 'n' | 'rev'>;

/** The geometry a neighbour search reads (Atoms' fields, any array-like positions and cell). */
export interface Geometry {
  readonly positions: ArrayLike<number>;
  readonly cell?: ArrayLike<number> | null;
  readonly pbc?: readonly boolean[] | null;
}

/** Dual vectors of the periodic rows within their span: b = G⁻¹ C with G the Gram matrix. */
function dualVectors(rows: number[][]): number[][] {
  const p = rows.length;
  const dot = (u: number[], v: number[]) => u[0] * v[0] + u[1] * v[1] + u[2] * v[2];
  // Gauss-Jordan on [G | I].
  const m = rows.map((u, a) => [...rows.map((v) => dot(u, v)), ...rows.map((_, b) => (a === b ? 1 : 0))]);
  for (let c = 0; c < p; c++) {
    let piv = c;
    for (let r = c + 1; r < p; r++) if (Math.abs(m[r][c]) > Math.abs(m[piv][c])) piv = r;
    [m[c], m[piv]] = [m[piv], m[c]];
    const d = m[c][c];
    if (d === 0) throw new Error('bruteNeighbors: singular cell');
    for (let k = 0; k < 2 * p; k++) m[c][k] /= d;
    for (let r = 0; r < p; r++) {
      if (r === c) continue;
      const f = m[r][c];
      for (let k = 0; k < 2 * p; k++) m[r][k] -= f * m[c][k];
    }
  }
  return rows.map((_, a) => [0, 1, 2].map((x) => rows.reduce((s, v, b) => s + m[a][p + b] * v[x], 0)));
}

export function bruteNeighbors(atoms: Geometry, cutoff: number): BruteEdges {
  const pos = atoms.positions;
  const n = pos.length / 3;
  const pbc = atoms.pbc ?? [false, false, false];
  const cell = new Float64Array(9);
  const periodic = [0, 1, 2].filter((a) => pbc[a]);
  for (const a of periodic) for (let x = 0; x < 3; x++) cell[3 * a + x] = atoms.cell![3 * a + x];
  const duals = dualVectors(periodic.map((a) => [0, 1, 2].map((x) => cell[3 * a + x])));

  // Whole cells W per atom and the shift range per axis (0 along open axes).
  const wrap = new Float64Array(3 * n);
  const reach = [0, 0, 0];
  periodic.forEach((a, q) => {
    const b = duals[q];
    reach[a] = Math.ceil(cutoff * Math.hypot(b[0], b[1], b[2])) + 1;
    for (let i = 0; i < n; i++) wrap[3 * i + a] = Math.floor(pos[3 * i] * b[0] + pos[3 * i + 1] * b[1] + pos[3 * i + 2] * b[2]);
  });

  const I: number[] = [], J: number[] = [], S: number[] = [], V: number[] = [];
  const rowStart = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      // B ascending lexicographically = S ascending: canonical order with no sort.
      for (let b0 = -reach[0]; b0 <= reach[0]; b0++) {
        for (let b1 = -reach[1]; b1 <= reach[1]; b1++) {
          for (let b2 = -reach[2]; b2 <= reach[2]; b2++) {
            const s0 = b0 + wrap[3 * i] - wrap[3 * j];
            const s1 = b1 + wrap[3 * i + 1] - wrap[3 * j + 1];
            const s2 = b2 + wrap[3 * i + 2] - wrap[3 * j + 2];
            if (i === j && s0 === 0 && s1 === 0 && s2 === 0) continue;
            const r = (x: number) => (pos[3 * j + x] - pos[3 * i + x]) + ((s0 * cell[x] + s1 * cell[3 + x]) + s2 * cell[6 + x]);
            const x = r(0), y = r(1), z = r(2);
            if (Math.sqrt((x * x + y * y) + z * z) < cutoff) {
              I.push(i); J.push(j); S.push(s0, s1, s2); V.push(x, y, z);
            }
          }
        }
      }
    }
    rowStart[i + 1] = I.length;
  }
  return {
    count: I.length, n, rowStart, rev: reverseIndex(I, J, S),
    i: Int32Array.from(I), j: Int32Array.from(J), shift: Int32Array.from(S), vec: Float64Array.from(V),
  };
}

/** rev[e] = index of (j, i, -S) for every edge e = (i, j, S). */
function reverseIndex(I: readonly number[], J: readonly number[], S: readonly number[]): Int32Array {
  const key = (i: number, j: number, s0: number, s1: number, s2: number) => `${i},${j},${s0},${s1},${s2}`;
  const index = new Map<string, number>();
  I.forEach((i, e) => index.set(key(i, J[e], S[3 * e], S[3 * e + 1], S[3 * e + 2]), e));
  return Int32Array.from(I, (i, e) => {
    const r = index.get(key(J[e], i, -S[3 * e], -S[3 * e + 1], -S[3 * e + 2]));
    if (r === undefined) throw new Error(`bruteNeighbors: edge ${e} has no reverse`);
    return r;
  });
}

/**
 * Asserts identical edge sets in identical order: count, rowStart, i, j, shift exactly, vec
 * within `vecTol` Å (absolute, per component; default 1e-12).
 */
export function assertSameEdges(actual: EdgeArrays, expected: EdgeArrays, label = '', vecTol = 1e-12): void {
  const at = label ? ` (${label})` : '';
  if (actual.count !== expected.count) throw new Error(`edge count ${actual.count} != ${expected.count}${at}`);
  const same = (name: string, a: ArrayLike<number>, b: ArrayLike<number>, len: number) => {
    for (let k = 0; k < len; k++) {
      if (a[k] !== b[k]) throw new Error(`${name}[${k}] = ${a[k]}, expected ${b[k]}${at}`);
    }
  };
  same('rowStart', actual.rowStart, expected.rowStart, expected.rowStart.length);
  same('i', actual.i, expected.i, expected.count);
  same('j', actual.j, expected.j, expected.count);
  same('shift', actual.shift, expected.shift, 3 * expected.count);
  for (let k = 0; k < 3 * expected.count; k++) {
    if (!(Math.abs(actual.vec[k] - expected.vec[k]) <= vecTol)) {
      throw new Error(`vec[${k}] = ${actual.vec[k]}, expected ${expected.vec[k]} (tolerance ${vecTol} Å)${at}`);
    }
  }
}

/** Asserts rev is an involution onto (j, i, -S) with vec[rev[e]] = -vec[e] exactly. */
export function assertReverseEdges(edges: EdgeArrays & { readonly rev: Int32Array }, label = ''): void {
  const at = label ? ` (${label})` : '';
  const { i, j, shift, vec, rev } = edges;
  for (let e = 0; e < edges.count; e++) {
    const r = rev[e];
    if (!(r >= 0 && r < edges.count) || rev[r] !== e) throw new Error(`rev[${e}] = ${r} is not an involution${at}`);
    if (i[r] !== j[e] || j[r] !== i[e]) throw new Error(`edge ${r} = rev[${e}] joins ${i[r]}-${j[r]}, expected ${j[e]}-${i[e]}${at}`);
    for (let x = 0; x < 3; x++) {
      if (shift[3 * r + x] !== -shift[3 * e + x]) throw new Error(`edge ${r} = rev[${e}] has shift ${shift[3 * r + x]}, expected ${-shift[3 * e + x]}${at}`);
      if (vec[3 * r + x] !== -vec[3 * e + x]) throw new Error(`vec of rev[${e}] is not -vec[${e}] exactly${at}`);
    }
  }
}
