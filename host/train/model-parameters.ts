// A CAMP model's trainable tensors as one flat f64 vector (the TrainingObjective layout):
// every weight in state_dict order except the readout's energy shift and scale, which CAMP
// registers as buffers (src/camp/model/readout.py), so neither Adam nor the EMA changes them.
import type { CampModel, Tensor } from '../model/camp-model.js';
import type { ParameterSlot } from './objective-types.js';

const BUFFERS = new Set(['readout.atomic_energy_shift', 'readout.atomic_energy_scale']);

export function parameterSlots(model: CampModel): ParameterSlot[] {
  const slots: ParameterSlot[] = [];
  let offset = 0;
  for (const [name, t] of model.tensors) {
    if (BUFFERS.has(name)) continue;
    slots.push({ name, shape: [...t.shape], offset, size: t.data.length });
    offset += t.data.length;
  }
  return slots;
}

export function parametersOf(model: CampModel, slots: readonly ParameterSlot[]): Float64Array {
  const out = new Float64Array(slots.reduce((a, s) => a + s.size, 0));
  for (const s of slots) out.set(model.tensors.get(s.name)!.data, s.offset);
  return out;
}

/** `model` with its trainable tensors replaced by `p` (rounded to each tensor's own dtype). */
export function withParameters(model: CampModel, slots: readonly ParameterSlot[], p: Float64Array): CampModel {
  const tensors = new Map<string, Tensor>(model.tensors);
  for (const s of slots) {
    const old = model.tensors.get(s.name)!;
    const data = old.data instanceof Float32Array ? new Float32Array(s.size) : new Float64Array(s.size);
    data.set(p.subarray(s.offset, s.offset + s.size));
    tensors.set(s.name, { ...old, dtype: old.data instanceof Float32Array ? 'float32' : 'float64', data });
  }
  return { ...model, tensors };
}
