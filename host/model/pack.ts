// Packs a CampModel for the Wasm kernels: one f64 weight block (and its f32 rounding) laid out
// explicitly, plus the i32 plan header (layouts H, LIN, LAYER, PATH of scripts/layouts/table.mjs)
// giving every offset. Done once per model. Channel vectors are zero-padded to P (a multiple of
// 4) so SIMD loops are whole and padded channels stay exactly zero through every layer. Two exact rewrites are
// made here, in f64: the embedding becomes a table of rows W[:, t] + b, and each radial MLP's
// first Linear absorbs radial.c per ordered type pair (W1·c[ti, tj], a (H1 × K+1) matrix).
import { tensor, type CampModel } from './camp-model.js';
import { atomicMomentPaths, hyperMomentRules, hyperWalk } from './rules.js';
import { H, LIN, LAYER, PATH, PLAN_MAGIC, MAXV_LIMIT } from '../generated/layouts.js';

export interface PackedModel {
  readonly header: Int32Array;
  readonly f64: Float64Array;
  readonly f32: Float32Array;
  /** Channels padded: P ≥ n_u, a multiple of 4. */
  readonly P: number;
}

const MAX_LAYERS = 64;

const pad4 = (n: number): number => (n + 3) & ~3;

/** Append-only weight block; every allocation starts on a multiple of 4 elements (16/32-byte aligned). */
class WeightBlock {
  private data = new Float64Array(1024);
  length = 0;
  alloc(n: number): number {
    const off = pad4(this.length);
    const end = off + n;
    if (end > this.data.length) {
      const grown = new Float64Array(Math.max(end, 2 * this.data.length));
      grown.set(this.data.subarray(0, this.length));
      this.data = grown;
    }
    this.length = end;
    return off;
  }
  set(off: number, k: number, x: number): void {
    this.data[off + k] = x;
  }
  result(): Float64Array {
    return this.data.slice(0, pad4(this.length));
  }
}

/** Header words; descriptors are appended and referenced by index. */
class HeaderBlock {
  readonly words: number[] = new Array<number>(H.FIXED).fill(0);
  append(values: number[]): number {
    const at = this.words.length;
    this.words.push(...values);
    return at;
  }
  reserve(n: number): number {
    return this.append(new Array<number>(n).fill(-1));
  }
}

/** Reads a floating tensor as f64, checking its shape; errors name the tensor. */
function weights(model: CampModel, name: string, shape: readonly number[]): Float64Array {
  const t = tensor(model, name);
  if (t.shape.length !== shape.length || t.shape.some((d, k) => d !== shape[k])) {
    throw new Error(`model tensor '${name}' has shape [${t.shape.join(', ')}], expected [${shape.join(', ')}]`);
  }
  if (!(t.data instanceof Float32Array || t.data instanceof Float64Array)) {
    throw new Error(`model tensor '${name}' holds ${t.dtype}, expected floating-point weights`);
  }
  const out = Float64Array.from(t.data);
  for (let k = 0; k < out.length; k++) {
    if (!Number.isFinite(out[k])) throw new Error(`model tensor '${name}' has a non-finite value at flat index ${k}`);
  }
  return out;
}

/** A 0-d or per-type tensor expanded to one value per type (absent: `fallback`). */
function perType(model: CampModel, name: string, nTypes: number, fallback: number): Float64Array {
  const t = model.tensors.get(name);
  if (!t) return new Float64Array(nTypes).fill(fallback);
  const n = t.shape.reduce((a, b) => a * b, 1);
  if (n === 1) return new Float64Array(nTypes).fill(weights(model, name, t.shape)[0]);
  return weights(model, name, [nTypes]);
}

/** How packModel lays out the maps. */
export interface PackOptions {
  /**
   * Layer 0 has no residual, so its outputs of rank w ≥ 1 reach the energy only through layer
   * 1's mixing: out_w = B_w·H_w, g_w = A_w·out_w. With `fuseFirstMixing`, A_w·B_w is packed as
   * layer 1's mixing and layer 0's B_w as absent (-1: the identity), so those outputs hold H_w
   * itself and one channel map per entry runs where two did (the Wasm core; rank 0 keeps both:
   * layer 0's readout reads out_0).
   */
  readonly fuseFirstMixing?: boolean;
}

export function packModel(model: CampModel, options: PackOptions = {}): PackedModel {
  const hp = model.hparams;
  const nU = hp.nU, maxV = hp.maxV, L = hp.numLayers, nTypes = hp.atomicNumbers.length;
  const nb = hp.maxChebyshevDegree + 1;
  if (!Number.isInteger(maxV) || maxV < 1 || maxV > MAXV_LIMIT) throw new Error(`max_v = ${maxV} is outside the supported 1..${MAXV_LIMIT}`);
  if (!Number.isInteger(L) || L < 1 || L > MAX_LAYERS) throw new Error(`num_layers = ${L} is outside the supported 1..${MAX_LAYERS}`);
  if (!(hp.numAverageNeigh > 0)) throw new Error(`num_average_neigh must be positive, got ${hp.numAverageNeigh}`);
  if (!(hp.rCut > 0)) throw new Error(`r_cut must be positive, got ${hp.rCut}`);
  const P = pad4(nU);
  const w = new WeightBlock();
  const hdr = new HeaderBlock();
  let maxW = Math.max(P, pad4(nb));

  const vector = (values: ArrayLike<number>, len: number): number => {
    const off = w.alloc(len);
    for (let k = 0; k < values.length; k++) w.set(off, k, values[k]);
    return off;
  };
  /** Weights of Linear(nIn → nOut), W row-major (nOut × nIn); returns its descriptor words. */
  const linearWords = (W: Float64Array, b: Float64Array | null, nIn: number, nOut: number): number[] => {
    const inP = pad4(nIn), outP = pad4(nOut);
    maxW = Math.max(maxW, inP, outP);
    const wt = w.alloc(nIn * outP);
    for (let o = 0; o < nOut; o++) for (let k = 0; k < nIn; k++) w.set(wt, k * outP + o, W[o * nIn + k]);
    const wr = w.alloc(nOut * inP);
    for (let o = 0; o < nOut; o++) for (let k = 0; k < nIn; k++) w.set(wr, o * inP + k, W[o * nIn + k]);
    const bo = b ? vector(b, outP) : -1;
    return [nIn, nOut, inP, outP, wt, wr, bo];
  };
  /** A LinearMap (n_u × n_u, no bias) by name, or its matrix: [offset of WT, offset of W]. */
  const linearMap = (map: string | Float64Array): [number, number] => {
    const words = linearWords(typeof map === 'string' ? weights(model, map, [nU, nU]) : map, null, nU, nU);
    return [words[LIN.WT], words[LIN.W]];
  };
  /** The LinearMap A·B (A after B), summed in f64. */
  const product = (a: string, b: string): Float64Array => {
    const A = weights(model, a, [nU, nU]), B = weights(model, b, [nU, nU]), AB = new Float64Array(nU * nU);
    for (let o = 0; o < nU; o++) for (let k = 0; k < nU; k++) {
      let sum = 0;
      for (let j = 0; j < nU; j++) sum += A[o * nU + j] * B[j * nU + k];
      AB[o * nU + k] = sum;
    }
    return AB;
  };
  const fuse = options.fuseFirstMixing === true && L > 1;
  /** Linear layers of an MLP named `<prefix>.layers.<2k>`, widths [in, ...hidden, out]. */
  const mlpWeights = (prefix: string, widths: number[]): { W: Float64Array; b: Float64Array }[] =>
    widths.slice(1).map((out, k) => ({
      W: weights(model, `${prefix}.layers.${2 * k}.weight`, [out, widths[k]]),
      b: weights(model, `${prefix}.layers.${2 * k}.bias`, [out]),
    }));

  // Scalars, embedding table, per-type scale and shift, the ones vector.
  hdr.words[H.OFF_SCALARS] = vector([hp.rCut, 1 / Math.sqrt(hp.numAverageNeigh)], 2);
  const We = weights(model, 'atom_embedding.linear.weight', [nU, nTypes]);
  const be = weights(model, 'atom_embedding.linear.bias', [nU]);
  const embed = w.alloc(nTypes * P);
  for (let t = 0; t < nTypes; t++) for (let u = 0; u < nU; u++) w.set(embed, t * P + u, We[u * nTypes + t] + be[u]);
  hdr.words[H.OFF_EMBED] = embed;
  hdr.words[H.OFF_SCALE] = vector(perType(model, 'readout.atomic_energy_scale', nTypes, 1), nTypes);
  hdr.words[H.OFF_SHIFT] = vector(perType(model, 'readout.atomic_energy_shift', nTypes, 0), nTypes);
  const ones = vector(new Float64Array(nU).fill(1), P);
  hdr.words[H.OFF_ONES] = ones;

  // Readout MLP of the last layer.
  const outWidths = [nU, ...hp.outputMlpHidden, 1];
  const outLayers = mlpWeights(`readout.out_layers.${L - 1}`, outWidths);
  hdr.words[H.HDR_OUT_MLP] = hdr.append(outLayers.flatMap((lw, k) => linearWords(lw.W, lw.b, outWidths[k], outWidths[k + 1])));

  // Hyper-moment rules: [count, (length, ranks…)…] per output rank.
  const rulesTable = hdr.reserve(maxV + 1);
  const ruleCounts: number[] = [];
  for (let wRank = 0; wRank <= maxV; wRank++) {
    const rules = hyperMomentRules(maxV, wRank);
    ruleCounts.push(rules.length);
    hdr.words[rulesTable + wRank] = hdr.append([rules.length, ...rules.flatMap((r) => [r.length, ...r])]);
  }
  hdr.words[H.HDR_RULES] = rulesTable;
  // Where each rule's hyper moment is evaluated (one index per symmetric orbit, weighted).
  const walksTable = hdr.reserve(maxV + 1);
  for (let wRank = 0; wRank <= maxV; wRank++) {
    hdr.words[walksTable + wRank] = hdr.append(hyperMomentRules(maxV, wRank).flatMap((r) => {
      const steps = hyperWalk(r, wRank);
      return [steps.length, ...steps.flatMap((s) => [s.t, s.multiplicity])];
    }));
  }
  hdr.words[H.HDR_WALKS] = walksTable;

  const radWidths = [nb, ...hp.radialMlpHidden, nU];
  const radNlin = radWidths.length - 1;
  const layerTable = hdr.reserve(L);
  hdr.words[H.HDR_LAYERS] = layerTable;
  let maxPaths = 0;
  for (let l = 0; l < L; l++) {
    const pre = `layers.${l}`;
    const vin = l === 0 ? 0 : maxV, vout = l === L - 1 ? 0 : maxV;
    const lh = hdr.reserve(LAYER.SIZE);
    hdr.words[layerTable + l] = lh;
    const set = (field: number, value: number): void => void (hdr.words[lh + field] = value);
    set(LAYER.VIN, vin);
    set(LAYER.VOUT, vout);
    const slotMaps = (fieldT: number, field: number, maps: (string | Float64Array | null)[]): void => {
      maps.forEach((map, v) => {
        const [t, n] = map === null ? [-1, -1] : linearMap(map);
        set(fieldT + v, t);
        set(field + v, n);
      });
    };
    const ranks = (top: number): number[] => Array.from({ length: top + 1 }, (_, v) => v);
    const hyperMap = (layer: number, v: number): string => `layers.${layer}.linear_channel_hyper.${v}.weight`;
    slotMaps(LAYER.MIX_T, LAYER.MIX, ranks(vin).map((v) => {
      const mix = `${pre}.mlp_mix_atom_feats.${v}.weight`;
      return fuse && l === 1 && v > 0 ? product(mix, hyperMap(0, v)) : mix;
    }));
    slotMaps(LAYER.C_T, LAYER.C, ranks(maxV).map((v) => `${pre}.atom_moment.linear_channel.${v}.weight`));
    slotMaps(LAYER.B_T, LAYER.B, ranks(vout).map((v) => (fuse && l === 0 && v > 0 ? null : hyperMap(l, v))));
    if (l > 0) slotMaps(LAYER.F_T, LAYER.F, ranks(Math.min(vin, vout)).map((v) => `${pre}.linear_channel_feats.${v}.weight`));
    for (let wRank = 0; wRank <= vout; wRank++) {
      if (ruleCounts[wRank] < 2) continue;
      const name = `${pre}.hyper_moment.linear_path.${wRank}.weight`;
      const Wp = weights(model, name, [ruleCounts[wRank], nU]);
      const off = w.alloc(ruleCounts[wRank] * P);
      for (let r = 0; r < ruleCounts[wRank]; r++) for (let u = 0; u < nU; u++) w.set(off, r * P + u, Wp[r * nU + u]);
      set(LAYER.PH + wRank, off);
    }
    if (l < L - 1) {
      set(LAYER.RO_W, vector(weights(model, `readout.out_layers.${l}.weight`, [1, nU]), P));
      set(LAYER.RO_B, vector(weights(model, `readout.out_layers.${l}.bias`, [1]), 1));
    }

    // Atomic-moment paths, grouped by output rank v, in increasing v1.
    const c = weights(model, `${pre}.atom_moment.radial.c`, [nTypes, nTypes, nU, nb]);
    const groups = atomicMomentPaths(maxV, vin);
    const paths = groups.flat();
    maxPaths = Math.max(maxPaths, paths.length);
    set(LAYER.NPATHS, paths.length);
    const pathWords: number[] = [];
    for (const group of groups) {
      const combo = group.length > 1 ? weights(model, `${pre}.atom_moment.linear_path.${group[0].v}.weight`, [group.length, nU]) : null;
      group.forEach((path, k) => {
        const pv = combo ? vector(combo.subarray(k * nU, (k + 1) * nU), P) : ones;
        const mlp = mlpWeights(`${pre}.atom_moment.radial_mlp.${path.v}_${path.v1}_${path.v2}`, [nU, ...hp.radialMlpHidden, nU]);
        // First layer with radial.c folded in: copies for each ordered type pair (ti, tj) at a
        // fixed stride (WT then W per pair; both sizes are multiples of 4, so they abut).
        const h1 = radWidths[1];
        const stride = nb * pad4(h1) + h1 * pad4(nb);
        let firstWords: number[] = [];
        for (let pair = 0; pair < nTypes * nTypes; pair++) {
          const folded = new Float64Array(h1 * nb);
          const base = pair * nU * nb;
          for (let o = 0; o < h1; o++) {
            for (let k = 0; k < nb; k++) {
              let sum = 0;
              for (let u = 0; u < nU; u++) sum += mlp[0].W[o * nU + u] * c[base + u * nb + k];
              folded[o * nb + k] = sum;
            }
          }
          const words = linearWords(folded, null, nb, h1);
          if (pair === 0) firstWords = words;
          else if (words[LIN.WT] !== firstWords[LIN.WT] + pair * stride) throw new Error('pack: type-pair copies are not evenly spaced');
        }
        firstWords[LIN.B] = vector(mlp[0].b, pad4(h1));
        const restWords = mlp.slice(1).flatMap((lw, k) => linearWords(lw.W, lw.b, radWidths[k + 1], radWidths[k + 2]));
        pathWords.push(path.v, path.v1, path.v2, pv, stride, ...firstWords, ...restWords);
      });
    }
    set(LAYER.HDR_PATHS, hdr.append(pathWords));
    if (pathWords.length !== paths.length * (PATH.LIN + LIN.SIZE * radNlin)) throw new Error('pack: path table size mismatch');
  }

  hdr.words[H.MAGIC] = PLAN_MAGIC;
  hdr.words[H.NU] = nU;
  hdr.words[H.P] = P;
  hdr.words[H.MAXV] = maxV;
  hdr.words[H.LAYERS] = L;
  hdr.words[H.NB] = nb;
  hdr.words[H.NTYPES] = nTypes;
  hdr.words[H.RAD_NLIN] = radNlin;
  hdr.words[H.OUT_NLIN] = outWidths.length - 1;
  hdr.words[H.MAXW] = maxW;
  hdr.words[H.MAXPATHS] = maxPaths;
  const f64 = w.result();
  return { header: Int32Array.from(hdr.words), f64, f32: Float32Array.from(f64), P };
}
