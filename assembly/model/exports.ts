// Exports of the model kernels: one evaluation per precision (the same generic code
// instantiated for f64 and f32), the work-region layout, and a plan check.
import { evaluate } from "./evaluate";
import { layoutWork, CTX_WORDS } from "./context";
import { checkPlan } from "./plan-check";
import { storeBytes } from "./act-store";
import { tauBytes } from "./tau-store";

/** Full-precision evaluation; returns the total energy (eV). */
export function modelEvaluateF64(plan: usize, weights: usize, ctx: usize): f64 {
  return evaluate<f64>(plan, weights, ctx);
}

/** Single-precision weights and activations; atomic energies summed in f64. */
export function modelEvaluateF32(plan: usize, weights: usize, ctx: usize): f64 {
  return evaluate<f32>(plan, weights, ctx);
}

/** Bytes of the work region for the context's N, E and C_GRAD; lays it out at `base` (16-aligned). */
export function modelLayoutWork(plan: usize, ctx: usize, elemBytes: i32, base: f64): f64 {
  return layoutWork(plan, ctx, elemBytes, base);
}

/** Bytes the activation store would take for the context's E (as f64; may exceed wasm32). */
export function modelStoreBytes(plan: usize, ctx: usize, elemBytes: i32): f64 {
  return storeBytes(plan, ctx, elemBytes);
}

/** Bytes the mixed-edge adjoint store would take for the context's edges (as f64). */
export function modelTauBytes(plan: usize, ctx: usize, elemBytes: i32): f64 {
  return tauBytes(plan, ctx, elemBytes);
}

/** i32 words of a call context. */
export function modelContextWords(): i32 {
  return CTX_WORDS;
}

/** 0 when the plan header is consistent, else a code naming the first problem (see plan-check.ts). */
export function modelCheckPlan(plan: usize, words: i32): i32 {
  return checkPlan(plan, words);
}
