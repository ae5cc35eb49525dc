// Hyper-moment rule products of one atom in dual arithmetic (T = f64 or f32), per channel. A
// rule is an ascending list of moment ranks; its last (highest-rank) factor has every other
// factor contracted, in order, against its leading indices; its remaining w indices are the output.
import { pow3, compOffset } from "../model/plan";
import { tget } from "./plan";
import { dptr, dv, dt, dadd, dzero } from "./dual";

// Component each factor reads for the current index of the top factor (≤ 1 + MAXV_LIMIT factors).
const COMP: usize = memory.data(8 * 4, 16);

@inline function comp(q: i32): i32 {
  return load<i32>(COMP + (<usize>q << 2));
}

/** COMP[q] for index t of the top factor of `rule` (header index of [len, ranks…]). */
function factorComps(hdr: usize, rule: i32, t: i32): void {
  const len = tget(hdr, rule), R = tget(hdr, rule + len);
  let off = 0;
  for (let q = 0; q < len - 1; q++) {
    const r = tget(hdr, rule + 1 + q);
    store<i32>(COMP + (<usize>q << 2), compOffset(r) + (t / pow3(R - off - r)) % pow3(r));
    off += r;
  }
  store<i32>(COMP + (<usize>(len - 1) << 2), compOffset(R) + t);
}

/** prod[o][u] = the rule's product for output index o < 3^w (M: the atom's moments, stacked ranks). */
export function ruleForward<T>(hdr: usize, rule: i32, w: i32, nU: i32, M: usize, prod: usize): void {
  const len = tget(hdr, rule), nt = pow3(tget(hdr, rule + len)), nOut = pow3(w);
  dzero<T>(prod, nOut * nU);
  for (let t = 0; t < nt; t++) {
    factorComps(hdr, rule, t);
    const o = dptr<T>(prod, (t % nOut) * nU);
    for (let u = 0; u < nU; u++) {
      let pv = <T>1, pt = <T>0;
      for (let q = 0; q < len; q++) {
        const k = comp(q) * nU + u;
        const fv = dv<T>(M, k), ft = dt<T>(M, k);
        pt = pt * fv + pv * ft;
        pv *= fv;
      }
      dadd<T>(o, u, pv, pt);
    }
  }
}

/** Mb += ∂/∂M of Σ prodb·prod (prodb: adjoint of ruleForward's output). */
export function ruleBackward<T>(hdr: usize, rule: i32, w: i32, nU: i32, M: usize, prodb: usize, Mb: usize): void {
  const len = tget(hdr, rule), nt = pow3(tget(hdr, rule + len)), nOut = pow3(w);
  for (let t = 0; t < nt; t++) {
    factorComps(hdr, rule, t);
    const ob = dptr<T>(prodb, (t % nOut) * nU);
    for (let u = 0; u < nU; u++) {
      const bv = dv<T>(ob, u), bt = dt<T>(ob, u);
      for (let q = 0; q < len; q++) {
        let pv = bv, pt = bt;
        for (let q2 = 0; q2 < len; q2++) {
          if (q2 == q) continue;
          const k = comp(q2) * nU + u;
          const fv = dv<T>(M, k), ft = dt<T>(M, k);
          pt = pt * fv + pv * ft;
          pv *= fv;
        }
        dadd<T>(Mb, comp(q) * nU + u, pv, pt);
      }
    }
  }
}
