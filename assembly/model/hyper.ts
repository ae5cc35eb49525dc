// Hyper moments of one atom, all channels at once (SIMD over the channel axis). A rule is a
// list of moment ranks; the first factor of the highest rank R keeps its trailing w indices,
// every other factor (in rule order) contracts against its consecutive leading indices.
// Rule lists live in the plan: [count, then per rule: length, ranks…]. Moments and hyper
// moments are symmetric and held as their distinct entries (tensors.ts): a factor reads the
// entry of its full index. The indices a rule is evaluated at come from the plan's walk lists
// (host/model/rules.ts hyperWalk): one per orbit of indices whose products are equal by that
// symmetry, weighted by the orbit's size, and each output entry formed once.
import { hget, pow3, wptr, H_HDR_RULES, H_HDR_WALKS, H_OFF_ONES } from "./plan";
import { symOf, symOffset, symCount } from "./tensors";
import { zero, scaleTo } from "./vec";

/** Header index of the rule list for output rank w. */
@inline export function ruleList(plan: usize, w: i32): i32 {
  return hget(plan, hget(plan, H_HDR_RULES) + w);
}

/** Header index of the walk lists of rank w's rules: per rule, [count, then (t, multiplicity) pairs]. */
@inline function walkList(plan: usize, w: i32): i32 {
  return hget(plan, hget(plan, H_HDR_WALKS) + w);
}

/** Position in the rule of its highest-rank factor (the first one on ties). */
function topFactor(plan: usize, rule: i32): i32 {
  const len = hget(plan, rule);
  let top = 0;
  for (let q = 1; q < len; q++) if (hget(plan, rule + 1 + q) > hget(plan, rule + 1 + top)) top = q;
  return top;
}

/**
 * Sets factor q's index map for the rule: the full index of its rank-r tensor it reads for index
 * t of the top factor is (t / div) mod 3^r. The top factor keeps all of t; the others take their
 * consecutive leading indices, in rule order.
 */
function setFactorMap(plan: usize, rule: i32, top: i32, q: i32): void {
  const R = hget(plan, rule + 1 + top);
  const r = hget(plan, rule + 1 + q);
  if (q == top) {
    setFactor(q, F_RANK, R);
    setFactor(q, F_DIV, 1);
    setFactor(q, F_MOD, pow3(R));
    return;
  }
  let off = 0;
  for (let q2 = 0; q2 < q; q2++) if (q2 != top) off += hget(plan, rule + 1 + q2);
  setFactor(q, F_RANK, r);
  setFactor(q, F_DIV, pow3(R - off - r));
  setFactor(q, F_MOD, pow3(r));
}

/** Weight vector [P] combining rule r of the list (the ones vector when the list has one rule). */
@inline function ruleWeight<T>(plan: usize, weights: usize, ph: i32, r: i32, P: i32): usize {
  return ph < 0 ? wptr<T>(weights, hget(plan, H_OFF_ONES)) : wptr<T>(weights, ph + r * P);
}

// Per factor q of the current rule (a rule has at most 1 + MAXV_LIMIT factors: its largest rank
// is the sum of the others plus w), four i32 words: the byte offset of its channel vector for the
// current index t, and its index map (setFactorMap).
// A global, not a constant: globals are per instance, so each thread of the threaded build
// points it at scratch of its own (setHyperRows) while thread 0 keeps the static one.
const F_ROW: i32 = 0, F_RANK: i32 = 1, F_DIV: i32 = 2, F_MOD: i32 = 3;

/** Bytes of an instance's factor records (8 factors of 4 words). */
export const HYPER_ROWS_BYTES: i32 = 8 * 16;

let ROWS: usize = memory.data(HYPER_ROWS_BYTES, 16);

/** Where this instance keeps its factor records (HYPER_ROWS_BYTES). */
export function setHyperRows(p: usize): void {
  ROWS = p;
}

@inline function factorWord(q: i32, k: i32): i32 {
  return load<i32>(ROWS + (<usize>(4 * q + k) << 2));
}

@inline function setFactor(q: i32, k: i32, x: i32): void {
  store<i32>(ROWS + (<usize>(4 * q + k) << 2), x);
}

@inline function row(q: i32): usize {
  return <usize>factorWord(q, F_ROW);
}

/**
 * y += w ⊙ (x, when not 0) ⊙ Π_{q < len, q ≠ skip} M[row(q)], one register of channels at a time,
 * multiplied left to right (w, x, then the factors in rule order: the order that fixes the bits).
 * The general case, for rules of more than four factors (max_v > 3); ruleProduct and
 * adjointsInto write the shorter ones out.
 */
function productInto<T>(y: usize, w: usize, x: usize, M: usize, len: i32, skip: i32, bytes: usize): void {
  for (let o: usize = 0; o < bytes; o += 16) {
    let acc = v128.load(w + o);
    if (x) acc = v128.mul<T>(acc, v128.load(x + o));
    for (let q = 0; q < len; q++) if (q != skip) acc = v128.mul<T>(acc, v128.load(M + row(q) + o));
    v128.store(y + o, v128.add<T>(v128.load(y + o), acc));
  }
}

/**
 * y += w ⊙ Π_q M[row(q)], left to right (the forward product of a rule: productInto with no x and
 * no factor skipped, the same bits), one loop per rule length up to four factors.
 */
function ruleProduct<T>(y: usize, w: usize, M: usize, len: i32, bytes: usize): void {
  const f0 = M + row(0);
  if (len == 1) {
    for (let o: usize = 0; o < bytes; o += 16) v128.store(y + o, v128.add<T>(v128.load(y + o), v128.mul<T>(v128.load(w + o), v128.load(f0 + o))));
    return;
  }
  const f1 = M + row(1);
  if (len == 2) {
    for (let o: usize = 0; o < bytes; o += 16) {
      v128.store(y + o, v128.add<T>(v128.load(y + o), v128.mul<T>(v128.mul<T>(v128.load(w + o), v128.load(f0 + o)), v128.load(f1 + o))));
    }
    return;
  }
  const f2 = M + row(2);
  if (len == 3) {
    for (let o: usize = 0; o < bytes; o += 16) {
      const a = v128.mul<T>(v128.mul<T>(v128.load(w + o), v128.load(f0 + o)), v128.load(f1 + o));
      v128.store(y + o, v128.add<T>(v128.load(y + o), v128.mul<T>(a, v128.load(f2 + o))));
    }
    return;
  }
  if (len > 4) {
    productInto<T>(y, w, 0, M, len, -1, bytes);
    return;
  }
  const f3 = M + row(3);
  for (let o: usize = 0; o < bytes; o += 16) {
    const a = v128.mul<T>(v128.mul<T>(v128.load(w + o), v128.load(f0 + o)), v128.load(f1 + o));
    v128.store(y + o, v128.add<T>(v128.load(y + o), v128.mul<T>(v128.mul<T>(a, v128.load(f2 + o)), v128.load(f3 + o))));
  }
}

/**
 * Each factor q's row of Mbar += w ⊙ x ⊙ Π_{q' ≠ q} M[row(q')] in one sweep, with productInto's
 * bits: every product still runs left to right (w, x, then the factors in rule order skipping q);
 * the prefixes w⊙x⊙f0⊙…⊙f(q-1) that the rules' adjoints share are formed once. Rows of Mbar are
 * read and written factor by factor, so two factors on one row (rule [1, 1]) both land. Rules of
 * more than four factors (max_v > 3) take productInto once per factor.
 */
function adjointsInto<T>(Mbar: usize, w: usize, x: usize, M: usize, len: i32, bytes: usize): void {
  if (len > 4) {
    for (let q = 0; q < len; q++) productInto<T>(Mbar + row(q), w, x, M, len, q, bytes);
    return;
  }
  const f0 = M + row(0), y0 = Mbar + row(0);
  if (len == 1) {
    for (let o: usize = 0; o < bytes; o += 16) v128.store(y0 + o, v128.add<T>(v128.load(y0 + o), v128.mul<T>(v128.load(w + o), v128.load(x + o))));
    return;
  }
  const f1 = M + row(1), y1 = Mbar + row(1);
  if (len == 2) {
    for (let o: usize = 0; o < bytes; o += 16) {
      const p0 = v128.mul<T>(v128.load(w + o), v128.load(x + o));
      v128.store(y0 + o, v128.add<T>(v128.load(y0 + o), v128.mul<T>(p0, v128.load(f1 + o))));
      v128.store(y1 + o, v128.add<T>(v128.load(y1 + o), v128.mul<T>(p0, v128.load(f0 + o))));
    }
    return;
  }
  const f2 = M + row(2), y2 = Mbar + row(2);
  if (len == 3) {
    for (let o: usize = 0; o < bytes; o += 16) {
      const p0 = v128.mul<T>(v128.load(w + o), v128.load(x + o));
      const b = v128.load(f1 + o), c = v128.load(f2 + o), p1 = v128.mul<T>(p0, v128.load(f0 + o));
      v128.store(y0 + o, v128.add<T>(v128.load(y0 + o), v128.mul<T>(v128.mul<T>(p0, b), c)));
      v128.store(y1 + o, v128.add<T>(v128.load(y1 + o), v128.mul<T>(p1, c)));
      v128.store(y2 + o, v128.add<T>(v128.load(y2 + o), v128.mul<T>(p1, b)));
    }
    return;
  }
  const f3 = M + row(3), y3 = Mbar + row(3);
  for (let o: usize = 0; o < bytes; o += 16) {
    const p0 = v128.mul<T>(v128.load(w + o), v128.load(x + o));
    const b = v128.load(f1 + o), c = v128.load(f2 + o), d = v128.load(f3 + o);
    const p1 = v128.mul<T>(p0, v128.load(f0 + o)), p2 = v128.mul<T>(p1, b);
    v128.store(y0 + o, v128.add<T>(v128.load(y0 + o), v128.mul<T>(v128.mul<T>(v128.mul<T>(p0, b), c), d)));
    v128.store(y1 + o, v128.add<T>(v128.load(y1 + o), v128.mul<T>(v128.mul<T>(p1, c), d)));
    v128.store(y2 + o, v128.add<T>(v128.load(y2 + o), v128.mul<T>(p2, d)));
    v128.store(y3 + o, v128.add<T>(v128.load(y3 + o), v128.mul<T>(p2, c)));
  }
}

/**
 * Walks every rule of output rank w at the indices t of its highest-rank factor that its walk
 * list names, with the factors' rows for t at hand, for n atoms at once (their blocks of M and
 * Mbar mS elements apart, of H hS apart: the index maps are worked out once for them all).
 * Forward: H[o] += m·PH[r]⊙Π factors, o the entry of t mod 3^w, m the multiplicity of t.
 * Reverse (`Mbar` not 0): each factor's row of Mbar += m·PH[r]⊙Hbar[o]⊙Π other factors (Hbar:
 * ∂E/∂ of the entries). m·PH[r] is formed in `wm` ([P] scratch) when m is not 1. Each atom's
 * sums run in the same order whatever n is.
 */
function walkRules<T>(plan: usize, weights: usize, ph: i32, w: i32, P: i32, M: usize, mS: i32, H: usize, hS: i32, Mbar: usize, n: i32, wm: usize): void {
  const rowBytes = (<usize>P) * sizeof<T>();
  const mBytes = (<usize>mS) * sizeof<T>(), hBytes = (<usize>hS) * sizeof<T>();
  const nOut = pow3(w);
  const list = ruleList(plan, w);
  const count = hget(plan, list);
  let rule = list + 1, walk = walkList(plan, w);
  for (let r = 0; r < count; r++) {
    const len = hget(plan, rule);
    const top = topFactor(plan, rule);
    const wv = ruleWeight<T>(plan, weights, ph, r, P);
    for (let q = 0; q < len; q++) setFactorMap(plan, rule, top, q);
    const steps = hget(plan, walk);
    let scaled = 1;
    for (let k = 0; k < steps; k++) {
      const t = hget(plan, walk + 1 + 2 * k), m = hget(plan, walk + 2 + 2 * k);
      if (m != 1 && m != scaled) {
        scaleTo<T>(wm, <T>m, wv, P);
        scaled = m;
      }
      const wt = m == 1 ? wv : wm;
      for (let q = 0; q < len; q++) {
        const rank = factorWord(q, F_RANK);
        setFactor(q, F_ROW, (symOffset(rank) + symOf(rank, (t / factorWord(q, F_DIV)) % factorWord(q, F_MOD))) * <i32>rowBytes);
      }
      const h = H + (<usize>symOf(w, t % nOut)) * rowBytes;
      for (let a = 0; a < n; a++) {
        const ma = M + (<usize>a) * mBytes, ha = h + (<usize>a) * hBytes;
        if (!Mbar) ruleProduct<T>(ha, wt, ma, len, rowBytes);
        else adjointsInto<T>(Mbar + (<usize>a) * mBytes, wt, ha, ma, len, rowBytes);
      }
    }
    walk += 1 + 2 * steps;
    rule += 1 + len;
  }
}

/**
 * H[o][u] = Σ_rules PH[r][u]·(rule product)[o][u] for the symCount(w) entries o of rank w, for
 * n atoms: M holds each one's entries of ranks 0..maxV stacked as [entry][P], blocks mS
 * elements apart; H's blocks are hS apart. wm: [P] scratch.
 */
export function hyperForward<T>(plan: usize, weights: usize, ph: i32, w: i32, P: i32, M: usize, mS: i32, H: usize, hS: i32, n: i32, wm: usize): void {
  for (let a = 0; a < n; a++) zero<T>(H + (<usize>(a * hS)) * sizeof<T>(), symCount(w) * P);
  walkRules<T>(plan, weights, ph, w, P, M, mS, H, hS, 0, n, wm);
}

/** Mbar[entry][u] += ∂/∂M of Σ_o Σ_u Hbar[o][u]·H[o][u] (entries o, H as in hyperForward; Mbar's blocks mS apart too). */
export function hyperBackward<T>(plan: usize, weights: usize, ph: i32, w: i32, P: i32, M: usize, mS: i32, Hbar: usize, hS: i32, Mbar: usize, n: i32, wm: usize): void {
  walkRules<T>(plan, weights, ph, w, P, M, mS, Hbar, hS, Mbar, n, wm);
}
