// Brute-force directed edges with the neighbour list's conventions (CSR by i, then j, then the
// image shift S lexicographically; vec = x_j - x_i + S·cell in f64; rev = index of (j, i, -S);
// strict |vec| < cutoff), copied into workspace buffers for the model evaluator. Independent
// of host/neighbors so the model tests do not rest on the code they would be checking against.
import type { Workspace } from '../../host/core/workspace.js';
import type { EvaluatorEdges } from '../../host/model/wasm-evaluator.js';

export interface BruteEdges {
  readonly n: number;
  readonly count: number;
  readonly rowStart: Int32Array;
  readonly i: Int32Array;
  readonly j: Int32Array;
  readonly shift: Int32Array;
  readonly vec: Float64Array;
  readonly rev: Int32Array;
}

function inverse3(m: ArrayLike<number>): number[] {
  const [a, b, c, d, e, f, g, h, k] = Array.from(m);
  const det = a * (e * k - f * h) - b * (d * k - f * g) + c * (d * h - e * g);
  if (!(Math.abs(det) > 0)) throw new Error('singular cell');
  return [(e * k - f * h) / det, (c * h - b * k) / det, (b * f - c * e) / det,
    (f * g - d * k) / det, (a * k - c * g) / det, (c * d - a * f) / det,
    (d * h - e * g) / det, (b * g - a * h) / det, (a * e - b * d) / det];
}

export function bruteForceEdges(positions: ArrayLike<number>, cell: ArrayLike<number> | null | undefined,
  pbc: readonly boolean[] | null | undefined, cutoff: number): BruteEdges {
  const n = positions.length / 3;
  const periodic = [0, 1, 2].map((a) => !!pbc?.[a] && !!cell);
  const inv = periodic.some((p) => p) ? inverse3(cell!) : null;
  // Fractional coordinates f = x · cell⁻¹ and reciprocal lengths |column a of cell⁻¹|.
  const frac = new Float64Array(3 * n);
  const recip = [0, 0, 0];
  if (inv) {
    for (let a = 0; a < 3; a++) recip[a] = Math.hypot(inv[a], inv[3 + a], inv[6 + a]);
    for (let i = 0; i < n; i++) {
      for (let a = 0; a < 3; a++) frac[3 * i + a] = positions[3 * i] * inv[a] + positions[3 * i + 1] * inv[3 + a] + positions[3 * i + 2] * inv[6 + a];
    }
  }
  const found: { i: number; j: number; s: number[]; v: number[] }[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const lo = [0, 0, 0], hi = [0, 0, 0];
      for (let a = 0; a < 3; a++) {
        if (!periodic[a]) continue;
        const df = frac[3 * j + a] - frac[3 * i + a];
        lo[a] = Math.ceil(-df - cutoff * recip[a]) - 1;
        hi[a] = Math.floor(-df + cutoff * recip[a]) + 1;
      }
      for (let s0 = lo[0]; s0 <= hi[0]; s0++) {
        for (let s1 = lo[1]; s1 <= hi[1]; s1++) {
          for (let s2 = lo[2]; s2 <= hi[2]; s2++) {
            if (i === j && s0 === 0 && s1 === 0 && s2 === 0) continue;
            const v = [0, 1, 2].map((a) => positions[3 * j + a] - positions[3 * i + a] +
              (cell ? s0 * cell[a] + s1 * cell[3 + a] + s2 * cell[6 + a] : 0));
            if (Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]) < cutoff) found.push({ i, j, s: [s0, s1, s2], v });
          }
        }
      }
    }
  }
  // Already ordered by i, then j, then S lexicographically (loop order).
  const count = found.length;
  const rowStart = new Int32Array(n + 1);
  const I = new Int32Array(count), J = new Int32Array(count), shift = new Int32Array(3 * count);
  const vec = new Float64Array(3 * count), rev = new Int32Array(count);
  const index = new Map<string, number>();
  found.forEach((f, e) => {
    I[e] = f.i; J[e] = f.j;
    shift.set(f.s, 3 * e);
    vec.set(f.v, 3 * e);
    rowStart[f.i + 1]++;
    index.set(`${f.i},${f.j},${f.s.join(',')}`, e);
  });
  for (let i = 0; i < n; i++) rowStart[i + 1] += rowStart[i];
  found.forEach((f, e) => {
    const r = index.get(`${f.j},${f.i},${f.s.map((x) => -x).join(',')}`);
    if (r === undefined) throw new Error(`edge ${e} has no reverse`);
    rev[e] = r;
  });
  return { n, count, rowStart, i: I, j: J, shift, vec, rev };
}

/** Copies edges into workspace buffers named `<name>.*`; returns what the evaluator takes. */
export function edgesIntoWorkspace(ws: Workspace, edges: BruteEdges, name = 'test.edges'): EvaluatorEdges {
  const m = Math.max(edges.count, 1);
  ws.buffer(`${name}.rowStart`, 4 * (edges.n + 1));
  ws.buffer(`${name}.j`, 4 * m);
  ws.buffer(`${name}.vec`, 24 * m);
  ws.buffer(`${name}.rev`, 4 * m);
  ws.i32(`${name}.rowStart`, edges.n + 1).set(edges.rowStart);
  ws.i32(`${name}.j`, edges.count).set(edges.j);
  ws.f64(`${name}.vec`, 3 * edges.count).set(edges.vec);
  ws.i32(`${name}.rev`, edges.count).set(edges.rev);
  return {
    count: edges.count,
    ptr: { rowStart: ws.ptr(`${name}.rowStart`), j: ws.ptr(`${name}.j`), vec: ws.ptr(`${name}.vec`), rev: ws.ptr(`${name}.rev`) },
  };
}
