// A slow, literal float64 CAMP evaluator written from ../shared/CAMP-SPEC.md alone, as the
// yardstick for the fast Wasm code. Every step is an explicit loop over the spec's indices:
// Cartesian tensors of rank v are Float64Array(3^v) in row-major index order, general products
// are done by enumerating multi-indices. Readable over fast; it shares nothing with host/model
// except the CampModel container, the type lookup and the rule tables (which have their own
// test against the spec's lists). Forces and stress are central finite differences of the energy.
import type { Atoms } from '../../host/atoms.js';
import { tensor, typeIndices, type CampModel } from '../../host/model/camp-model.js';
import { atomicMomentPaths, hyperMomentRules } from '../../host/model/rules.js';
import { det3, inverse3, strainAtoms, transpose, applyToRows } from './tensor-math.js';

/** Directed edges (i ← j through image shift S): vec = x_j - x_i + S·cell, Å, flat E×3. */
export interface ReferenceEdges {
  readonly i: ArrayLike<number>;
  readonly j: ArrayLike<number>;
  readonly vec: ArrayLike<number>;
}

export interface ReferenceResult {
  /** Total energy, eV (f64 sum over atoms in index order). */
  readonly energy: number;
  /** Per-atom energies, eV. */
  readonly energies: Float64Array;
}

/** A rank's features: feats[u][i] is a rank-v Cartesian tensor (3^v numbers). */
type RankFeatures = Float64Array[][];

// ---------------------------------------------------------------- neighbours (brute force)

/**
 * Every (i, j, S) with |x_j - x_i + S·cell| < cutoff (strict, f64), excluding i = j at S = 0,
 * S only along periodic axes. For each pair the shift range per axis is bounded exactly from
 * the distance between lattice planes, so nothing is missed however small or skewed the cell.
 */
export function referenceEdges(atoms: Atoms, cutoff: number): ReferenceEdges & { shift: number[] } {
  const n = atoms.numbers.length;
  const pbc = atoms.pbc ?? [false, false, false];
  const periodic = pbc.some((p) => p);
  if (periodic && !atoms.cell) throw new Error('periodic structure without a cell');
  const cell = atoms.cell ?? new Float64Array(9);
  // Fractional coordinates, and |S_a + Δf_a| ≤ cutoff·|b_a| (b_a: reciprocal rows) bounds S.
  const inv = periodic ? inverse3(cell) : new Float64Array(9);
  const frac = periodic ? applyToRows(transpose(inv), atoms.positions) : new Float64Array(3 * n);
  const reach = [0, 1, 2].map((a) => (pbc[a] ? cutoff * Math.hypot(inv[a], inv[3 + a], inv[6 + a]) : 0));
  const out = { i: [] as number[], j: [] as number[], vec: [] as number[], shift: [] as number[] };
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const lo: number[] = [], hi: number[] = [];
      for (let a = 0; a < 3; a++) {
        const df = frac[3 * j + a] - frac[3 * i + a];
        lo.push(pbc[a] ? Math.floor(-reach[a] - df) : 0);
        hi.push(pbc[a] ? Math.ceil(reach[a] - df) : 0);
      }
      for (let s0 = lo[0]; s0 <= hi[0]; s0++) {
        for (let s1 = lo[1]; s1 <= hi[1]; s1++) {
          for (let s2 = lo[2]; s2 <= hi[2]; s2++) {
            if (i === j && s0 === 0 && s1 === 0 && s2 === 0) continue;
            const v = [0, 1, 2].map((x) => atoms.positions[3 * j + x] - atoms.positions[3 * i + x] + s0 * cell[x] + s1 * cell[3 + x] + s2 * cell[6 + x]);
            if (Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]) < cutoff) {
              out.i.push(i);
              out.j.push(j);
              out.vec.push(...v);
              out.shift.push(s0, s1, s2);
            }
          }
        }
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------- small building blocks

// f64 copies of the weights, made once per model (the radial MLPs are read once per edge).
const widened = new WeakMap<CampModel, Map<string, Float64Array>>();

/** A model tensor as f64 numbers, checked against the expected shape. */
function param(model: CampModel, name: string, shape: readonly number[]): Float64Array {
  const t = tensor(model, name);
  if (t.shape.length !== shape.length || t.shape.some((s, k) => s !== shape[k])) {
    throw new Error(`tensor '${name}' has shape [${t.shape.join(', ')}], expected [${shape.join(', ')}]`);
  }
  let cache = widened.get(model);
  if (!cache) widened.set(model, (cache = new Map()));
  let data = cache.get(name);
  if (!data) cache.set(name, (data = Float64Array.from(t.data as ArrayLike<number>)));
  return data;
}

function silu(x: number): number {
  return x / (1 + Math.exp(-x));
}

/** y = W·x + b for a PyTorch Linear (weight stored (out, in)). */
function linear(model: CampModel, prefix: string, x: ArrayLike<number>, nOut: number, bias: boolean): Float64Array {
  const w = param(model, `${prefix}.weight`, [nOut, x.length]);
  const y = bias ? Float64Array.from(param(model, `${prefix}.bias`, [nOut])) : new Float64Array(nOut);
  for (let o = 0; o < nOut; o++) for (let k = 0; k < x.length; k++) y[o] += w[o * x.length + k] * x[k];
  return y;
}

/** Lin → SiLU → … → Lin, the Linears at `prefix.layers.0, .2, .4, …` (SiLUs at the odd slots). */
function mlp(model: CampModel, prefix: string, x: ArrayLike<number>, hidden: readonly number[], nOut: number): Float64Array {
  let h: Float64Array = Float64Array.from(x);
  hidden.forEach((width, k) => {
    h = linear(model, `${prefix}.layers.${2 * k}`, h, width, true).map(silu);
  });
  return linear(model, `${prefix}.layers.${2 * hidden.length}`, h, nOut, true);
}

function zeros(nU: number, nAtoms: number, rank: number): RankFeatures {
  return Array.from({ length: nU }, () => Array.from({ length: nAtoms }, () => new Float64Array(3 ** rank)));
}

/** LinearMap: out[u'] = Σ_u W[u', u]·in[u], on every atom and tensor component. */
function linearMap(model: CampModel, name: string, feats: RankFeatures): RankFeatures {
  const nU = feats.length;
  const w = param(model, name, [nU, nU]);
  const out = feats.map((perAtom) => perAtom.map((t) => new Float64Array(t.length)));
  for (let uo = 0; uo < nU; uo++) {
    for (let u = 0; u < nU; u++) {
      for (let i = 0; i < feats[u].length; i++) for (let c = 0; c < feats[u][i].length; c++) out[uo][i][c] += w[uo * nU + u] * feats[u][i][c];
    }
  }
  return out;
}

/** LinearCombination over paths or rules: out[u] = Σ_p P[p, u]·parts[p][u]. */
function combinePerChannel(model: CampModel, name: string, parts: RankFeatures[]): RankFeatures {
  const nU = parts[0].length;
  const p = param(model, name, [parts.length, nU]);
  const out = parts[0].map((perAtom) => perAtom.map((t) => new Float64Array(t.length)));
  parts.forEach((part, k) => {
    for (let u = 0; u < nU; u++) {
      for (let i = 0; i < part[u].length; i++) for (let c = 0; c < part[u][i].length; c++) out[u][i][c] += p[k * nU + u] * part[u][i][c];
    }
  });
  return out;
}

/** Digits of a row-major multi-index over {0,1,2}^rank (most significant first). */
function digits(flat: number, rank: number): number[] {
  const d = new Array<number>(rank);
  for (let k = rank - 1; k >= 0; k--) {
    d[k] = flat % 3;
    flat = Math.floor(flat / 3);
  }
  return d;
}

function flatIndex(d: readonly number[]): number {
  return d.reduce((acc, x) => 3 * acc + x, 0);
}

/** Chebyshev T_0..T_K of x = r/r_cut times the envelope 1 - 28x⁶ + 48x⁷ - 21x⁸; all 0 for r ≥ r_cut. */
export function radialBasis(r: number, rCut: number, degree: number): Float64Array {
  const q = new Float64Array(degree + 1);
  if (r >= rCut) return q;
  const x = r / rCut;
  const envelope = 1 - 28 * x ** 6 + 48 * x ** 7 - 21 * x ** 8;
  const t = [1, x];
  for (let k = 2; k <= degree; k++) t.push(2 * x * t[k - 1] - t[k - 2]);
  for (let k = 0; k <= degree; k++) q[k] = t[k] * envelope;
  return q;
}

// ---------------------------------------------------------------- the forward pass

/** Energy of `atoms` by the spec's formulas (edges: ours by brute force unless given). */
export function referenceEnergy(model: CampModel, atoms: Atoms, edges?: ReferenceEdges): ReferenceResult {
  const hp = model.hparams;
  const nAtoms = atoms.numbers.length;
  const nU = hp.nU;
  const nTypes = hp.atomicNumbers.length;
  const types = typeIndices(hp, atoms.numbers);
  const e = edges ?? referenceEdges(atoms, hp.rCut);
  const nEdges = e.i.length;

  // 1. Embedding of the one-hot type.
  const wEmb = param(model, 'atom_embedding.linear.weight', [nU, nTypes]);
  const bEmb = param(model, 'atom_embedding.linear.bias', [nU]);
  const h0 = zeros(nU, nAtoms, 0);
  for (let u = 0; u < nU; u++) for (let i = 0; i < nAtoms; i++) h0[u][i][0] = wEmb[u * nTypes + types[i]] + bEmb[u];
  let feats: RankFeatures[] = [h0];

  // Edge geometry, shared by all layers: unit vectors n and lengths r.
  const unit: number[][] = [];
  const length: number[] = [];
  for (let k = 0; k < nEdges; k++) {
    const v = [e.vec[3 * k], e.vec[3 * k + 1], e.vec[3 * k + 2]];
    const r = Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
    length.push(r);
    unit.push(v.map((x) => x / r));
  }

  const atomEnergy = new Float64Array(nAtoms);
  for (let l = 0; l < hp.numLayers; l++) {
    const last = l === hp.numLayers - 1;
    const vIn = l === 0 ? 0 : hp.maxV;
    const vOut = last ? 0 : hp.maxV;
    const pre = `layers.${l}`;

    // a. Channel mixing of each input rank.
    const g = feats.map((f, v) => linearMap(model, `${pre}.mlp_mix_atom_feats.${v}.weight`, f));

    // b. Radial features f[edge][u] = Σ_k c[type_i, type_j, u, k]·Q_k(r).
    const c = param(model, `${pre}.atom_moment.radial.c`, [nTypes, nTypes, nU, hp.maxChebyshevDegree + 1]);
    const nK = hp.maxChebyshevDegree + 1;
    const radial = length.map((r, k) => {
      const q = radialBasis(r, hp.rCut, hp.maxChebyshevDegree);
      const f = new Float64Array(nU);
      const base = (types[e.i[k]] * nTypes + types[e.j[k]]) * nU;
      for (let u = 0; u < nU; u++) for (let kk = 0; kk < nK; kk++) f[u] += c[(base + u) * nK + kk] * q[kk];
      return f;
    });

    // c–d. Atomic moments per output rank v, from every path (v, v1, v2).
    const moments: RankFeatures[] = atomicMomentPaths(hp.maxV, vIn).map((group, v) => {
      const parts = group.map((path) => atomicMoment(model, `${pre}.atom_moment.radial_mlp.${path.v}_${path.v1}_${path.v2}`, path, g[path.v1], e, unit, radial));
      const mixed = parts.length > 1 ? combinePerChannel(model, `${pre}.atom_moment.linear_path.${v}.weight`, parts) : parts[0];
      return linearMap(model, `${pre}.atom_moment.linear_channel.${v}.weight`, mixed);
    });

    // e–f. Hyper moments per output rank w, then the residual.
    const out: RankFeatures[] = [];
    for (let w = 0; w <= vOut; w++) {
      const rules = hyperMomentRules(hp.maxV, w);
      const parts = rules.map((rule) => hyperMoment(rule, w, moments));
      const mixed = parts.length > 1 ? combinePerChannel(model, `${pre}.hyper_moment.linear_path.${w}.weight`, parts) : parts[0];
      let hw = linearMap(model, `${pre}.linear_channel_hyper.${w}.weight`, mixed);
      if (l >= 1 && w <= Math.min(vIn, vOut)) {
        const skip = linearMap(model, `${pre}.linear_channel_feats.${w}.weight`, g[w]);
        hw = hw.map((perAtom, u) => perAtom.map((t, i) => t.map((x, comp) => x + skip[u][i][comp])));
      }
      out.push(hw);
    }

    // 3. Readout of this layer's scalars.
    for (let i = 0; i < nAtoms; i++) {
      const s = out[0].map((perAtom) => perAtom[i][0]);
      atomEnergy[i] += last ? mlp(model, `readout.out_layers.${l}`, s, hp.outputMlpHidden, 1)[0] : linear(model, `readout.out_layers.${l}`, s, 1, true)[0];
    }
    feats = out;
  }

  const scale = perTypeScalar(model, 'readout.atomic_energy_scale', nTypes);
  const shift = perTypeScalar(model, 'readout.atomic_energy_shift', nTypes);
  const energies = atomEnergy.map((x, i) => x * scale[types[i]] + shift[types[i]]);
  let energy = 0;
  for (let i = 0; i < nAtoms; i++) energy += energies[i];
  return { energy, energies };
}

/**
 * One path's message: t[u,i][b] = (1/√N_avg) Σ_edges R[u]·Σ_a g[u,j][a]·D[a,b], with
 * D = n⊗…⊗n (v2 factors) and a its first v1 indices, b the remaining v.
 */
function atomicMoment(
  model: CampModel,
  mlpPrefix: string,
  path: { v: number; v1: number; v2: number },
  g: RankFeatures,
  e: ReferenceEdges,
  unit: number[][],
  radial: Float64Array[],
): RankFeatures {
  const hp = model.hparams;
  const nU = hp.nU;
  const t = zeros(nU, g[0].length, path.v);
  const outSize = 3 ** path.v;
  for (let k = 0; k < unit.length; k++) {
    const i = e.i[k], j = e.j[k];
    const r = mlp(model, mlpPrefix, radial[k], hp.radialMlpHidden, nU);
    for (let flat = 0; flat < 3 ** path.v2; flat++) {
      const d = digits(flat, path.v2).reduce((prod, axis) => prod * unit[k][axis], 1);
      const a = Math.floor(flat / outSize), b = flat % outSize;
      for (let u = 0; u < nU; u++) t[u][i][b] += r[u] * g[u][j][a] * d;
    }
  }
  const norm = 1 / Math.sqrt(hp.numAverageNeigh);
  return t.map((perAtom) => perAtom.map((x) => x.map((y) => y * norm)));
}

/**
 * A hyper-moment rule (ascending ranks) per atom and channel: the last, highest-rank factor
 * has every other factor contracted, in order, against its leading indices; its remaining w
 * indices are the output. [0] copies the scalar moment.
 */
function hyperMoment(rule: readonly number[], w: number, moments: RankFeatures[]): RankFeatures {
  const top = rule[rule.length - 1];
  const others = rule.slice(0, -1);
  if (top - others.reduce((s, x) => s + x, 0) !== w) throw new Error(`rule [${rule}] does not produce rank ${w}`);
  const nU = moments[0].length, nAtoms = moments[0][0].length;
  const out = zeros(nU, nAtoms, w);
  for (let u = 0; u < nU; u++) {
    for (let i = 0; i < nAtoms; i++) {
      for (let flat = 0; flat < 3 ** top; flat++) {
        const d = digits(flat, top);
        let value = moments[top][u][i][flat];
        let pos = 0;
        for (const rank of others) {
          value *= moments[rank][u][i][flatIndex(d.slice(pos, pos + rank))];
          pos += rank;
        }
        out[u][i][flatIndex(d.slice(pos))] += value;
      }
    }
  }
  return out;
}

/** atomic_energy_scale / shift: a 0-d tensor (same for all types) or one value per type. */
function perTypeScalar(model: CampModel, name: string, nTypes: number): number[] {
  const t = tensor(model, name);
  const size = t.shape.reduce((p, s) => p * s, 1);
  if (size === 1) return new Array<number>(nTypes).fill(t.data[0]);
  if (t.shape.length === 1 && size === nTypes) return Array.from(t.data as ArrayLike<number>);
  throw new Error(`tensor '${name}' has shape [${t.shape.join(', ')}], expected [] or [${nTypes}]`);
}

// ---------------------------------------------------------------- derivatives by finite differences

function withPosition(atoms: Atoms, coord: number, dx: number): Atoms {
  const positions = Float64Array.from(atoms.positions);
  positions[coord] += dx;
  return { ...atoms, positions };
}

/**
 * F = -∂E/∂x by central differences with step h (Å) for the listed atoms (default all);
 * rows of atoms not listed are NaN so they cannot be mistaken for computed values.
 */
export function referenceForces(model: CampModel, atoms: Atoms, h = 1e-4, which?: readonly number[]): Float64Array {
  const n = atoms.numbers.length;
  const forces = new Float64Array(3 * n).fill(NaN);
  for (const i of which ?? Array.from({ length: n }, (_, k) => k)) {
    for (let a = 0; a < 3; a++) {
      const plus = referenceEnergy(model, withPosition(atoms, 3 * i + a, h)).energy;
      const minus = referenceEnergy(model, withPosition(atoms, 3 * i + a, -h)).energy;
      forces[3 * i + a] = -(plus - minus) / (2 * h);
    }
  }
  return forces;
}

/** Voigt pairs in ASE order xx, yy, zz, yz, xz, xy. */
export const VOIGT: readonly (readonly [number, number])[] = [[0, 0], [1, 1], [2, 2], [1, 2], [0, 2], [0, 1]];

/**
 * σ = (1/V) ∂E/∂ε (ASE sign, eV/Å³, Voigt order) by central differences of a symmetric strain
 * ε_ab = ε_ba = s/2 (s = ±h) applied to positions and cell; `energy` defaults to ours.
 */
export function finiteDifferenceStress(atoms: Atoms, energy: (a: Atoms) => number, h = 1e-5): Float64Array {
  if (!atoms.cell) throw new Error('stress needs a cell');
  const volume = Math.abs(det3(atoms.cell));
  return Float64Array.from(VOIGT, ([a, b]) => {
    const strained = (s: number): number => {
      const eps = new Float64Array(9);
      eps[3 * a + b] += s / 2;
      eps[3 * b + a] += s / 2;
      return energy(strainAtoms(atoms, eps));
    };
    return (strained(h) - strained(-h)) / (2 * h) / volume;
  });
}

export function referenceStress(model: CampModel, atoms: Atoms, h = 1e-5): Float64Array {
  return finiteDifferenceStress(atoms, (a) => referenceEnergy(model, a).energy, h);
}
