// Hyper moments of one atom, all channels at once (SIMD over the channel axis). A rule is a
// list of moment ranks; the first factor of the highest rank R keeps its trailing w indices,
// every other factor (in rule order) contracts against its consecutive leading indices.
// Rule lists live in the plan: [count, then per rule: length, ranks…].
import { hget, pow3, compOffset, wptr, H_HDR_RULES, H_OFF_ONES } from "./plan";
import { zero, copy, mulTo, addTo } from "./vec";

/** Header index of the rule list for output rank w. */
@inline export function ruleList(plan: usize, w: i32): i32 {
  return hget(plan, hget(plan, H_HDR_RULES) + w);
}

/** Position in the rule of its highest-rank factor (the first one on ties). */
function topFactor(plan: usize, rule: i32): i32 {
  const len = hget(plan, rule);
  let top = 0;
  for (let q = 1; q < len; q++) if (hget(plan, rule + 1 + q) > hget(plan, rule + 1 + top)) top = q;
  return top;
}

/** Component (within a stack of ranks 0..) that factor q of the rule reads for index t. */
function factorComp(plan: usize, rule: i32, top: i32, q: i32, t: i32): i32 {
  const R = hget(plan, rule + 1 + top);
  const r = hget(plan, rule + 1 + q);
  if (q == top) return compOffset(R) + t;
  let off = 0;
  for (let q2 = 0; q2 < q; q2++) if (q2 != top) off += hget(plan, rule + 1 + q2);
  return compOffset(r) + (t / pow3(R - off - r)) % pow3(r);
}

/** Weight vector [P] combining rule r of the list (the ones vector when the list has one rule). */
@inline function ruleWeight<T>(plan: usize, weights: usize, ph: i32, r: i32, P: i32): usize {
  return ph < 0 ? wptr<T>(weights, hget(plan, H_OFF_ONES)) : wptr<T>(weights, ph + r * P);
}

// Factor q's channel vector for the current index t, one pointer per factor (a rule has at most
// 1 + MAXV_LIMIT factors: its largest rank is the sum of the others plus w).
// A global, not a constant: globals are per instance, so each thread of the threaded build
// points it at scratch of its own (setHyperRows) while thread 0 keeps the static one.
let ROWS: usize = memory.data(8 * sizeof<usize>(), 16);

/** Where this instance keeps its factor rows (8 pointers). */
export function setHyperRows(p: usize): void {
  ROWS = p;
}

@inline function row(q: i32): usize {
  return load<usize>(ROWS + (<usize>q) * sizeof<usize>());
}

/**
 * Walks every rule of output rank w and every index t of its highest-rank factor, with the
 * factors' rows of M (and of Mbar) for t at hand. Forward: H[t mod 3^w] += PH[r]⊙Π factors.
 * Reverse (`Mbar` not 0): each factor's row of Mbar += PH[r]⊙Hbar[t mod 3^w]⊙Π other factors.
 */
function walkRules<T>(plan: usize, weights: usize, ph: i32, w: i32, P: i32, M: usize, H: usize, tmp: usize, Mbar: usize): void {
  const rowBytes = (<usize>P) * sizeof<T>();
  const nOut = pow3(w);
  const list = ruleList(plan, w);
  const count = hget(plan, list);
  let rule = list + 1;
  for (let r = 0; r < count; r++) {
    const len = hget(plan, rule);
    const top = topFactor(plan, rule);
    const nt = pow3(hget(plan, rule + 1 + top));
    const wv = ruleWeight<T>(plan, weights, ph, r, P);
    for (let t = 0; t < nt; t++) {
      for (let q = 0; q < len; q++) store<usize>(ROWS + (<usize>q) * sizeof<usize>(), (<usize>factorComp(plan, rule, top, q, t)) * rowBytes);
      const h = H + (<usize>(t % nOut)) * rowBytes;
      if (!Mbar) {
        copy<T>(tmp, wv, P);
        for (let q = 0; q < len; q++) mulTo<T>(tmp, tmp, M + row(q), P);
        addTo<T>(h, tmp, P);
        continue;
      }
      for (let q = 0; q < len; q++) {
        mulTo<T>(tmp, wv, h, P);
        for (let q2 = 0; q2 < len; q2++) if (q2 != q) mulTo<T>(tmp, tmp, M + row(q2), P);
        addTo<T>(Mbar + row(q), tmp, P);
      }
    }
    rule += 1 + len;
  }
}

/**
 * H[o][u] = Σ_rules PH[r][u]·(rule product)[o][u] for o < 3^w; M holds ranks 0..maxV as
 * [comp][P]; tmp is a scratch vector of P.
 */
export function hyperForward<T>(plan: usize, weights: usize, ph: i32, w: i32, P: i32, M: usize, tmp: usize, H: usize): void {
  zero<T>(H, pow3(w) * P);
  walkRules<T>(plan, weights, ph, w, P, M, H, tmp, 0);
}

/** Mbar[comp][u] += ∂/∂M of Σ_o Σ_u Hbar[o][u]·H[o][u] (H as in hyperForward); tmp: scratch [P]. */
export function hyperBackward<T>(plan: usize, weights: usize, ph: i32, w: i32, P: i32, M: usize, Hbar: usize, tmp: usize, Mbar: usize): void {
  walkRules<T>(plan, weights, ph, w, P, M, Hbar, tmp, Mbar);
}
