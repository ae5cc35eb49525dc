// One evaluation: forward through all layers (atomic energies), then, when asked, the reverse
// pass (∂E/∂r_e per edge), forces by a fixed-order gather over CSR rows, and the virial.
import { hget, wptr, H_P, H_MAXV, H_LAYERS, H_OUT_NLIN, H_HDR_OUT_MLP, H_OFF_SCALE, H_OFF_SHIFT, H_MAXW } from "./plan";
import {
  cget, cptr, sptr, C_N, C_E, C_GRAD, C_TYPES, C_ROW, C_VEC, C_REV, C_ENERGIES, C_FORCES, C_VIRIAL,
  C_EDGE_GRAD, C_FEAT, C_OUT_BAR, C_A0, C_A1, C_LOOKUP_ORDER, S_ACT, S_T0, S_T1, S_YBAR, edgesFrom, edgesTo, leader,
} from "./context";
import { sync } from "./sync";
import { layerForward, atomBlock } from "./layer-forward";
import { layerBackward } from "./layer-backward";
import { sortLookups } from "./lookup-fill";
import { tauStore, numberMixedEdges } from "./tau-store";
import { mlpForward, mlpBackward } from "./mlp";
import { ld, st, zero } from "./vec";
import { symComps } from "./tensors";

/** ∂E/∂out^{L-1}_0 of every atom: scale[type]·∇MLP (the MLP's hidden state is recomputed). */
function readoutBackward<T>(plan: usize, weights: usize, ctx: usize): void {
  const P = hget(plan, H_P), ts = symComps(hget(plan, H_MAXV));
  const types = cptr(ctx, C_TYPES), feat = cptr(ctx, C_FEAT), outBar = cptr(ctx, C_OUT_BAR);
  const scale = wptr<T>(weights, hget(plan, H_OFF_SCALE));
  const mlp = hget(plan, H_HDR_OUT_MLP), nlin = hget(plan, H_OUT_NLIN);
  const act = sptr(ctx, S_ACT), y = sptr(ctx, S_T0), seed = sptr(ctx, S_YBAR);
  zero<T>(seed, hget(plan, H_MAXW));
  for (let i = cget(ctx, C_A0), a1 = cget(ctx, C_A1); i < a1; i++) {
    const x = atomBlock<T>(feat, i, ts, P);
    mlpForward<T>(plan, weights, mlp, nlin, 0, 1, x, 0, act, 0, y, 0);
    st<T>(seed, 0, ld<T>(scale, load<i32>(types + (<usize>i << 2))));
    // The scratch pair S_T0/S_T1 is free again once y has been read.
    mlpBackward<T>(plan, weights, mlp, nlin, 0, 1, seed, 0, act, 0, false, y, sptr(ctx, S_T1), 0, atomBlock<T>(outBar, i, ts, P), 0);
  }
}

/** F_i = Σ_{e in row i} (g_e - g_rev(e)), g_e = ∂E/∂r_e (r_e = x_j - x_i + S·cell). */
function gatherForces(ctx: usize): void {
  const row = cptr(ctx, C_ROW), rev = cptr(ctx, C_REV), eg = cptr(ctx, C_EDGE_GRAD), F = cptr(ctx, C_FORCES);
  for (let i = cget(ctx, C_A0), a1 = cget(ctx, C_A1); i < a1; i++) {
    let fx = 0.0, fy = 0.0, fz = 0.0;
    const e1 = load<i32>(row + (<usize>(i + 1) << 2));
    for (let e = load<i32>(row + (<usize>i << 2)); e < e1; e++) {
      const a = eg + (<usize>e) * 24;
      const b = eg + (<usize>load<i32>(rev + (<usize>e << 2))) * 24;
      fx += load<f64>(a) - load<f64>(b);
      fy += load<f64>(a, 8) - load<f64>(b, 8);
      fz += load<f64>(a, 16) - load<f64>(b, 16);
    }
    const p = F + (<usize>i) * 24;
    store<f64>(p, fx);
    store<f64>(p, fy, 8);
    store<f64>(p, fz, 16);
  }
}

/** W_ab = ½ Σ_e (r_e[a]·g_e[b] + r_e[b]·g_e[a]), edges in order. */
function virial(ctx: usize): void {
  const E = cget(ctx, C_E);
  const vec = cptr(ctx, C_VEC), eg = cptr(ctx, C_EDGE_GRAD), W = cptr(ctx, C_VIRIAL);
  for (let k = 0; k < 9; k++) store<f64>(W + (<usize>k << 3), 0);
  for (let e = 0; e < E; e++) {
    const r = vec + (<usize>e) * 24, g = eg + (<usize>e) * 24;
    for (let a = 0; a < 3; a++) {
      const ra = load<f64>(r + (<usize>a << 3));
      for (let b = 0; b < 3; b++) {
        const p = W + (<usize>(3 * a + b) << 3);
        store<f64>(p, load<f64>(p) + ra * load<f64>(g + (<usize>b << 3)));
      }
    }
  }
  for (let a = 0; a < 3; a++) {
    for (let b = a + 1; b < 3; b++) {
      const pab = W + (<usize>(3 * a + b) << 3), pba = W + (<usize>(3 * b + a) << 3);
      const s = 0.5 * (load<f64>(pab) + load<f64>(pba));
      store<f64>(pab, s);
      store<f64>(pba, s);
    }
  }
}

/**
 * Energies (and forces, virial when C_GRAD) of one structure; returns E = Σ_i e_i summed in f64.
 * On several threads each runs this on its share (C_A0..C_A1 and their edges) and thread 0
 * does the whole-call sums in atom and edge order, so the bits do not depend on the split.
 */
export function evaluate<T>(plan: usize, weights: usize, ctx: usize): f64 {
  // A share's context is read before the last barrier only: past it, thread 0 may already be
  // writing the shares of the next call.
  const N = cget(ctx, C_N), L = hget(plan, H_LAYERS), a0 = cget(ctx, C_A0), a1 = cget(ctx, C_A1);
  const grad = cget(ctx, C_GRAD) != 0, lead = leader(ctx);
  const types = cptr(ctx, C_TYPES), en = cptr(ctx, C_ENERGIES);
  zero<f64>(en + (<usize>a0 << 3), a1 - a0);
  if (cptr(ctx, C_LOOKUP_ORDER)) sortLookups<T>(plan, ctx);
  for (let l = 0; l < L; l++) layerForward<T>(plan, weights, ctx, l);
  const scale = wptr<T>(weights, hget(plan, H_OFF_SCALE)), shift = wptr<T>(weights, hget(plan, H_OFF_SHIFT));
  for (let i = a0; i < a1; i++) {
    const t = load<i32>(types + (<usize>i << 2));
    const p = en + (<usize>i << 3);
    // The affine map of the atomic energy is evaluated in f64 even for T = f32: at |e| ~ 100 eV
    // a rounding to f32 would cost ~1e-5 eV per atom, more than the model's own f32 error.
    store<f64>(p, load<f64>(p) * <f64>ld<T>(scale, t) + <f64>ld<T>(shift, t));
  }
  if (!grad) {
    sync(ctx);
    return lead ? energySum(en, N) : 0;
  }
  // With the reverse pass no barrier is needed here: until layerBackward's first one each share
  // reads only its own atoms' forward results, and thread 0 sums the energies after the last.
  const e0 = edgesFrom(ctx);
  zero<f64>(cptr(ctx, C_EDGE_GRAD) + (<usize>e0) * 24, 3 * (edgesTo(ctx) - e0));
  // Record numbers count mixed edges over the whole call: thread 0 assigns them (layerBackward's
  // first barrier comes before any use).
  if (tauStore(ctx) && lead) numberMixedEdges(ctx);
  readoutBackward<T>(plan, weights, ctx);
  for (let l = L - 1; l >= 0; l--) layerBackward<T>(plan, weights, ctx, l);
  gatherForces(ctx);
  if (lead) virial(ctx);
  sync(ctx);
  // Summed after the last barrier, not kept across the waits: V8's baseline code (Liftoff) was
  // seen to lose an f64 local across memory.atomic.wait (the total came back as -30016.375).
  return lead ? energySum(en, N) : 0;
}

/** Σ_i e_i in atom order, f64. */
function energySum(en: usize, N: i32): f64 {
  let total = 0.0;
  for (let i = 0; i < N; i++) total += load<f64>(en + (<usize>i << 3));
  return total;
}
