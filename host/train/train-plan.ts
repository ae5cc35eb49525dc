// The trainable parameters of a CAMP model as one flat f64 vector, and the header that tells
// the Wasm training core (assembly/train) where each tensor sits in it (fields GH, GL, GP of
// scripts/layouts/table.mjs). Trainable = every floating tensor of the state_dict except
// readout.atomic_energy_{scale,shift}, which CAMP registers as buffers (set from the data,
// never optimised).
import { tensor, type CampModel } from '../model/camp-model.js';
import { atomicMomentPaths, hyperMomentRules } from '../model/rules.js';
import { GH, GL, GP, MAXV_LIMIT } from '../generated/layouts.js';
import type { ParameterSlot } from './objective-types.js';

/** Buffers of the reference model: in the state_dict, but not trained. */
export const NON_TRAINABLE: ReadonlySet<string> = new Set(['readout.atomic_energy_scale', 'readout.atomic_energy_shift']);

export interface TrainPlan {
  readonly slots: readonly ParameterSlot[];
  readonly size: number;
  readonly header: Int32Array;
  /** [r_cut (Å), 1/sqrt(N_avg), scale per type, shift per type (eV)]. */
  readonly consts: Float64Array;
}

/** Slots of the trainable tensors, in state_dict order. */
export function parameterSlots(model: CampModel): ParameterSlot[] {
  const slots: ParameterSlot[] = [];
  let offset = 0;
  for (const [name, t] of model.tensors) {
    if (NON_TRAINABLE.has(name)) continue;
    if (!(t.data instanceof Float32Array || t.data instanceof Float64Array)) continue;
    const size = t.shape.reduce((a, b) => a * b, 1);
    slots.push({ name, shape: [...t.shape], offset, size });
    offset += size;
  }
  return slots;
}

/** A 0-d or per-type buffer expanded to one value per type (absent: fallback). */
function perType(model: CampModel, name: string, nTypes: number, fallback: number): number[] {
  const t = model.tensors.get(name);
  if (!t) return new Array<number>(nTypes).fill(fallback);
  if (t.data.length === 1) return new Array<number>(nTypes).fill(Number(t.data[0]));
  if (t.data.length !== nTypes) throw new Error(`model tensor '${name}' has ${t.data.length} values, expected 1 or ${nTypes}`);
  return Array.from(t.data as ArrayLike<number>);
}

export function buildTrainPlan(model: CampModel): TrainPlan {
  const hp = model.hparams;
  const nU = hp.nU, maxV = hp.maxV, L = hp.numLayers, nTypes = hp.atomicNumbers.length, nb = hp.maxChebyshevDegree + 1;
  if (!Number.isInteger(maxV) || maxV < 1 || maxV > MAXV_LIMIT) throw new Error(`max_v = ${maxV} is outside the supported 1..${MAXV_LIMIT}`);
  const slots = parameterSlots(model);
  const byName = new Map(slots.map((s) => [s.name, s]));
  /** θ offset of a tensor, checking its shape. */
  const at = (name: string, shape: readonly number[]): number => {
    const s = byName.get(name);
    if (!s) {
      tensor(model, name); // throws naming a missing tensor
      throw new Error(`model tensor '${name}' is not floating-point`);
    }
    if (s.shape.length !== shape.length || s.shape.some((d, k) => d !== shape[k])) {
      throw new Error(`model tensor '${name}' has shape [${s.shape.join(', ')}], expected [${shape.join(', ')}]`);
    }
    return s.offset;
  };
  const words: number[] = new Array<number>(GH.FIXED).fill(0);
  const append = (values: number[]): number => {
    words.push(...values);
    return words.length - values.length;
  };
  const radWidths = [nU, ...hp.radialMlpHidden, nU];
  const outWidths = [nU, ...hp.outputMlpHidden, 1];
  const mlpPairs = (prefix: string, widths: number[]): number[] =>
    widths.slice(1).flatMap((out, k) => [at(`${prefix}.layers.${2 * k}.weight`, [out, widths[k]]), at(`${prefix}.layers.${2 * k}.bias`, [out])]);
  const act = (widths: number[]): number => 2 * widths.slice(1, -1).reduce((a, b) => a + b, 0);
  words[GH.NU] = nU;
  words[GH.MAXV] = maxV;
  words[GH.LAYERS] = L;
  words[GH.NB] = nb;
  words[GH.NTYPES] = nTypes;
  words[GH.RAD_NLIN] = radWidths.length - 1;
  words[GH.OUT_NLIN] = outWidths.length - 1;
  words[GH.HDR_RAD_WIDTHS] = append(radWidths);
  words[GH.HDR_OUT_WIDTHS] = append(outWidths);
  words[GH.HDR_OUT_LIN] = append(mlpPairs(`readout.out_layers.${L - 1}`, outWidths));
  words[GH.EMBED_W] = at('atom_embedding.linear.weight', [nU, nTypes]);
  words[GH.EMBED_B] = at('atom_embedding.linear.bias', [nU]);
  words[GH.MAXW] = Math.max(...radWidths, ...outWidths, nb);
  words[GH.ACT] = Math.max(act(radWidths), act(outWidths));
  const ruleLists = Array.from({ length: maxV + 1 }, (_, w) => hyperMomentRules(maxV, w));
  const ruleIndex = ruleLists.map((rules) => append([rules.length, ...rules.flatMap((r) => [r.length, ...r])]));
  words[GH.HDR_RULES] = append(ruleIndex);
  const layerIndex: number[] = [];
  let maxPaths = 0;
  for (let l = 0; l < L; l++) {
    const pre = `layers.${l}`;
    const vin = l === 0 ? 0 : maxV, vout = l === L - 1 ? 0 : maxV;
    const d = new Array<number>(GL.SIZE).fill(-1);
    d[GL.VIN] = vin;
    d[GL.VOUT] = vout;
    const map = (name: string): number => at(name, [nU, nU]);
    for (let v = 0; v <= vin; v++) d[GL.MIX + v] = map(`${pre}.mlp_mix_atom_feats.${v}.weight`);
    for (let v = 0; v <= maxV; v++) d[GL.CH + v] = map(`${pre}.atom_moment.linear_channel.${v}.weight`);
    for (let w = 0; w <= vout; w++) {
      d[GL.B + w] = map(`${pre}.linear_channel_hyper.${w}.weight`);
      if (l > 0 && w <= Math.min(vin, vout)) d[GL.F + w] = map(`${pre}.linear_channel_feats.${w}.weight`);
      const nRules = ruleLists[w].length;
      if (nRules > 1) d[GL.PH + w] = at(`${pre}.hyper_moment.linear_path.${w}.weight`, [nRules, nU]);
    }
    if (l < L - 1) {
      d[GL.RO_W] = at(`readout.out_layers.${l}.weight`, [1, nU]);
      d[GL.RO_B] = at(`readout.out_layers.${l}.bias`, [1]);
    }
    d[GL.RADIAL_C] = at(`${pre}.atom_moment.radial.c`, [nTypes, nTypes, nU, nb]);
    const groups = atomicMomentPaths(maxV, vin);
    const pathWords: number[] = [];
    groups.forEach((group, v) => {
      if (group.length > 1) d[GL.PV + v] = at(`${pre}.atom_moment.linear_path.${v}.weight`, [group.length, nU]);
      group.forEach((path, k) => {
        const desc = new Array<number>(GP.SIZE).fill(0);
        desc[GP.V] = path.v;
        desc[GP.V1] = path.v1;
        desc[GP.V2] = path.v2;
        desc[GP.K] = k;
        pathWords.push(...desc, ...mlpPairs(`${pre}.atom_moment.radial_mlp.${path.v}_${path.v1}_${path.v2}`, radWidths));
      });
    });
    const nPaths = groups.reduce((a, g) => a + g.length, 0);
    maxPaths = Math.max(maxPaths, nPaths);
    d[GL.NPATHS] = nPaths;
    d[GL.HDR_PATHS] = append(pathWords);
    layerIndex.push(append(d));
  }
  words[GH.HDR_LAYERS] = append(layerIndex);
  words[GH.MAXPATHS] = maxPaths;
  const consts = Float64Array.from([
    hp.rCut, 1 / Math.sqrt(hp.numAverageNeigh),
    ...perType(model, 'readout.atomic_energy_scale', nTypes, 1), ...perType(model, 'readout.atomic_energy_shift', nTypes, 0),
  ]);
  const size = slots.reduce((a, s) => a + s.size, 0);
  return { slots, size, header: Int32Array.from(words), consts };
}
