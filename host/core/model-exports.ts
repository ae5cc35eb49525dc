// Signatures of the model kernels exported by assembly/model/exports.ts. Pointers are byte
// offsets into linear memory; `plan` is the i32 header of host/model/pack.ts, `weights` the
// packed block of the matching precision, `ctx` a call context (host/model/plan-layout.ts C).
export interface ModelExports {
  /** Evaluates in f64; returns the total energy (eV). Outputs go where the context points. */
  modelEvaluateF64(plan: number, weights: number, ctx: number): number;
  /** Evaluates with f32 weights and activations (atomic energies summed in f64). */
  modelEvaluateF32(plan: number, weights: number, ctx: number): number;
  /** Bytes of the work region for the context's N, E and GRAD; lays it out at `base` (16-aligned; 0 = size only). */
  modelLayoutWork(plan: number, ctx: number, elemBytes: number, base: number): number;
  /** Bytes of the activation store (kept radial-MLP activations) for the context's E; may exceed wasm32. */
  modelStoreBytes(plan: number, ctx: number, elemBytes: number): number;
  modelTauBytes(plan: number, ctx: number, elemBytes: number): number;
  /** i32 words of a call context. */
  modelContextWords(): number;
  /** 0 when the plan header is consistent; 1 bad magic, 2 bad sizes, 3 an index out of range. */
  modelCheckPlan(plan: number, words: number): number;
}
