// Seeded synthetic CAMP models and structures for property tests: every tensor a real
// checkpoint holds, with the same state_dict names, order and shapes (derived from max_v and
// the layer count exactly as ../shared/CAMP-SPEC.md lays them out), filled from a tiny seeded
// PRNG with ~1/√fan_in scales so energies and forces are O(1) and smooth.
import type { Atoms } from '../../host/atoms.js';
import type { CampModel, Tensor } from '../../host/model/camp-model.js';
import { atomicMomentPaths, hyperMomentRules } from '../../host/model/rules.js';

/** mulberry32: a 32-bit seeded generator of uniform numbers in [0, 1). Test-only. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SyntheticModelOptions {
  readonly seed: number;
  /** Elements the model knows (any order; stored ascending). */
  readonly atomicNumbers: readonly number[];
  readonly maxV: number;
  readonly numLayers: number;
  /** Channels n_u. */
  readonly nU: number;
  /** Hidden widths of every radial MLP (default [8, 8]). */
  readonly radialHidden?: readonly number[];
  /** Hidden widths of the output MLP (default [8]). */
  readonly outputHidden?: readonly number[];
  /** Cutoff, Å (default 4). */
  readonly rCut?: number;
  /** Chebyshev degree K (default 8). */
  readonly K?: number;
  /** N_avg (default 16, about the neighbour count of syntheticAtoms' periodic boxes). */
  readonly nAvg?: number;
  /** Storage precision of the tensors (default float32, as real checkpoints). */
  readonly dtype?: 'float32' | 'float64';
  /** Scale of the radial MLP biases (default 0.5). 0 makes MLP(0) = 0: no energy jump at r_cut. */
  readonly radialBias?: number;
  /** atomic_energy_{scale,shift} one per type (default false: 0-d tensors as in real checkpoints). */
  readonly perTypeEnergy?: boolean;
}

/** Tensor names and shapes of a CAMP state_dict (no prefix), in checkpoint order. */
export function campTensorLayout(o: {
  nTypes: number; nU: number; maxV: number; numLayers: number; K: number;
  radialHidden: readonly number[]; outputHidden: readonly number[]; perTypeEnergy?: boolean;
}): [string, number[]][] {
  const out: [string, number[]][] = [];
  const mlp = (prefix: string, nIn: number, hidden: readonly number[], nOut: number): void => {
    const widths = [nIn, ...hidden, nOut];
    for (let k = 0; k + 1 < widths.length; k++) {
      out.push([`${prefix}.layers.${2 * k}.weight`, [widths[k + 1], widths[k]]], [`${prefix}.layers.${2 * k}.bias`, [widths[k + 1]]]);
    }
  };
  const { nU, maxV } = o;
  out.push(['atom_embedding.linear.weight', [nU, o.nTypes]], ['atom_embedding.linear.bias', [nU]]);
  for (let l = 0; l < o.numLayers; l++) {
    const pre = `layers.${l}`;
    const vIn = l === 0 ? 0 : maxV;
    const vOut = l === o.numLayers - 1 ? 0 : maxV;
    for (let v = 0; v <= vIn; v++) out.push([`${pre}.mlp_mix_atom_feats.${v}.weight`, [nU, nU]]);
    out.push([`${pre}.atom_moment.radial.c`, [o.nTypes, o.nTypes, nU, o.K + 1]]);
    const groups = atomicMomentPaths(maxV, vIn);
    for (const p of groups.flat()) mlp(`${pre}.atom_moment.radial_mlp.${p.v}_${p.v1}_${p.v2}`, nU, o.radialHidden, nU);
    groups.forEach((g, v) => g.length > 1 && out.push([`${pre}.atom_moment.linear_path.${v}.weight`, [g.length, nU]]));
    for (let v = 0; v <= maxV; v++) out.push([`${pre}.atom_moment.linear_channel.${v}.weight`, [nU, nU]]);
    for (let w = 0; w <= vOut; w++) {
      const rules = hyperMomentRules(maxV, w).length;
      if (rules > 1) out.push([`${pre}.hyper_moment.linear_path.${w}.weight`, [rules, nU]]);
    }
    for (let w = 0; w <= vOut; w++) out.push([`${pre}.linear_channel_hyper.${w}.weight`, [nU, nU]]);
    if (l > 0) for (let w = 0; w <= Math.min(vIn, vOut); w++) out.push([`${pre}.linear_channel_feats.${w}.weight`, [nU, nU]]);
  }
  const energyShape = o.perTypeEnergy ? [o.nTypes] : [];
  out.push(['readout.atomic_energy_shift', energyShape], ['readout.atomic_energy_scale', energyShape]);
  for (let l = 0; l + 1 < o.numLayers; l++) out.push([`readout.out_layers.${l}.weight`, [1, nU]], [`readout.out_layers.${l}.bias`, [1]]);
  mlp(`readout.out_layers.${o.numLayers - 1}`, nU, o.outputHidden, 1);
  return out;
}

/** Uniform numbers in ±bound (bound √(3/fan_in) gives a Linear unit output variance). */
function fill(rng: () => number, size: number, bound: number): number[] {
  return Array.from({ length: size }, () => (2 * rng() - 1) * bound);
}

/** The values of one tensor: uniform, with a bound chosen per kind of weight. */
function values(name: string, shape: readonly number[], rng: () => number, o: SyntheticModelOptions): number[] {
  const size = shape.reduce((p, s) => p * s, 1);
  const fanIn = shape[shape.length - 1] ?? 1;
  if (name === 'readout.atomic_energy_scale') return fill(rng, size, 0.5).map((x) => 1 + x);
  if (name === 'readout.atomic_energy_shift') return fill(rng, size, 1).map((x) => x - 2);
  if (name === 'atom_embedding.linear.weight') return fill(rng, size, 1);
  // The radial path runs 1.5× hotter so that R(r) varies visibly with r; more than that and the
  // degree-4 hyper-moment products make features grow geometrically with depth.
  if (name.endsWith('.radial.c')) return fill(rng, size, 1.5 * Math.sqrt(3 / fanIn));
  if (name.includes('radial_mlp') && name.endsWith('.weight')) return fill(rng, size, 1.5 * Math.sqrt(3 / fanIn));
  if (name.includes('radial_mlp') && name.endsWith('.bias')) return fill(rng, size, o.radialBias ?? 0.5);
  if (name.endsWith('.bias')) return fill(rng, size, 0.2);
  if (name.includes('hyper_moment.linear_path')) {
    // Row 0 is the copy rule ([0] or [w]); the product rules (degree 2–4 in the moments) get small
    // weights so features do not grow geometrically from layer to layer.
    const copy = fill(rng, shape[1], 1);
    return [...copy, ...fill(rng, size - shape[1], 0.3)];
  }
  if (name.includes('linear_path')) return fill(rng, size, Math.sqrt(3 / shape[0]));
  // The hyper-moment and residual branches are summed: 1/√2 each keeps the layer's gain near 1.
  if (name.includes('linear_channel_hyper') || name.includes('linear_channel_feats')) return fill(rng, size, Math.sqrt(1.5 / fanIn));
  return fill(rng, size, Math.sqrt(3 / fanIn));
}

export function syntheticModel(o: SyntheticModelOptions): CampModel {
  const atomicNumbers = [...o.atomicNumbers].sort((a, b) => a - b);
  const nTypes = atomicNumbers.length;
  const radialHidden = o.radialHidden ?? [8, 8];
  const outputHidden = o.outputHidden ?? [8];
  const K = o.K ?? 8;
  const dtype = o.dtype ?? 'float32';
  const rng = seededRandom(o.seed);
  const layout = campTensorLayout({ nTypes, nU: o.nU, maxV: o.maxV, numLayers: o.numLayers, K, radialHidden, outputHidden, perTypeEnergy: o.perTypeEnergy });
  const tensors = new Map<string, Tensor>();
  for (const [name, shape] of layout) {
    const v = values(name, shape, rng, o);
    tensors.set(name, { dtype, shape, data: dtype === 'float32' ? Float32Array.from(v) : Float64Array.from(v) });
  }
  return {
    hparams: {
      atomicNumbers,
      rCut: o.rCut ?? 4,
      nU: o.nU,
      maxV: o.maxV,
      numLayers: o.numLayers,
      maxChebyshevDegree: K,
      radialMlpHidden: radialHidden,
      outputMlpHidden: outputHidden,
      numAverageNeigh: o.nAvg ?? 16,
      defaultDtype: dtype,
    },
    tensors,
    source: { format: 'ckpt', weights: 'ema', notes: { synthetic: JSON.stringify(o) } },
  };
}

export interface SyntheticAtomsOptions {
  /** Atomic numbers to draw from. */
  readonly elements: readonly number[];
  readonly count: number;
  /** Edge of the box the atoms are scattered in (a molecule) or of the near-cubic cell, Å. */
  readonly box: number;
  /** Periodic in all three directions, with a randomly skewed cell. */
  readonly periodic?: boolean;
  /** Smallest allowed distance between atoms (and periodic images), Å (default 0.9). */
  readonly minDistance?: number;
}

/** A random structure: atoms no closer than minDistance, elements drawn uniformly. */
export function syntheticAtoms(rng: () => number, o: SyntheticAtomsOptions): Atoms {
  const minD = o.minDistance ?? 0.9;
  const cell = o.periodic
    ? Float64Array.from([o.box, 0, 0, 0.3 * (rng() - 0.5) * o.box, o.box, 0, 0.3 * (rng() - 0.5) * o.box, 0.3 * (rng() - 0.5) * o.box, o.box])
    : null;
  const positions: number[] = [];
  for (let tries = 0; positions.length < 3 * o.count; tries++) {
    if (tries > 100000) throw new Error(`cannot place ${o.count} atoms ${minD} Å apart in a ${o.box} Å box`);
    const f = [rng(), rng(), rng()];
    const x = cell ? [0, 1, 2].map((a) => f[0] * cell[a] + f[1] * cell[3 + a] + f[2] * cell[6 + a]) : f.map((v) => v * o.box);
    if (farFromAll(x, positions, cell, minD)) positions.push(...x);
  }
  const numbers = Array.from({ length: o.count }, () => o.elements[Math.floor(rng() * o.elements.length)]);
  return { numbers, positions: Float64Array.from(positions), cell, pbc: o.periodic ? [true, true, true] : [false, false, false] };
}

function farFromAll(x: number[], placed: number[], cell: Float64Array | null, minD: number): boolean {
  const shifts = cell ? [-1, 0, 1] : [0];
  for (let k = 0; k < placed.length; k += 3) {
    for (const a of shifts) for (const b of shifts) for (const c of shifts) {
      const d = [0, 1, 2].map((m) => placed[k + m] - x[m] + (cell ? a * cell[m] + b * cell[3 + m] + c * cell[6 + m] : 0));
      if (Math.hypot(d[0], d[1], d[2]) < minD) return false;
    }
  }
  return true;
}

/** Representative shapes for property tests: max_v 1–3, 1–3 layers, 2–4 elements, small n_u. */
export const PROPERTY_SHAPES: readonly SyntheticModelOptions[] = [
  { seed: 11, atomicNumbers: [1, 8], maxV: 1, numLayers: 1, nU: 4 },
  { seed: 12, atomicNumbers: [1, 6, 8], maxV: 2, numLayers: 2, nU: 6, dtype: 'float64' },
  { seed: 13, atomicNumbers: [1, 6, 8, 16], maxV: 3, numLayers: 3, nU: 5, perTypeEnergy: true },
  { seed: 14, atomicNumbers: [3, 16], maxV: 3, numLayers: 2, nU: 8, radialHidden: [6], outputHidden: [5, 4] },
];

export function describeShape(o: SyntheticModelOptions): string {
  return `max_v ${o.maxV}, ${o.numLayers} layer(s), ${o.atomicNumbers.length} elements, n_u ${o.nU}`;
}

/** A 9-atom molecule and a 6-atom skewed periodic cell (4.2 Å, below 2·r_cut: self-images) per shape. */
export function propertyStructures(o: SyntheticModelOptions): { cluster: Atoms; periodic: Atoms } {
  const rng = seededRandom(1000 + o.seed);
  return {
    cluster: syntheticAtoms(rng, { elements: o.atomicNumbers, count: 9, box: 5, minDistance: 1.2 }),
    periodic: syntheticAtoms(rng, { elements: o.atomicNumbers, count: 6, box: 4.2, periodic: true }),
  };
}
