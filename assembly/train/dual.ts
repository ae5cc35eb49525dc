// Dual numbers (value, tangent) for the training core: every activation and adjoint is a pair
// of T (f64, or f32 for float32 training) — the value, and its derivative along a fixed
// direction of atomic displacements. The weights carry no tangent. Running the reverse pass to
// the weights in this arithmetic gives, in the tangent half of each weight's adjoint,
// d/dε ∂E/∂θ (x + ε·u) = ∂(u·∇ₓE)/∂θ: the force term of the loss, exactly (forward-over-reverse).
// A dual array of n elements takes 2n·sizeof<T> bytes: value at p + 2k·sizeof<T>, tangent after it.

/** Bytes of one dual of T. */
@inline export function dsize<T>(): usize {
  return sizeof<T>() << 1;
}

@inline export function dptr<T>(p: usize, k: i32): usize {
  return p + (<usize>k) * dsize<T>();
}

@inline export function dv<T>(p: usize, k: i32): T {
  return load<T>(p + (<usize>k) * dsize<T>());
}

@inline export function dt<T>(p: usize, k: i32): T {
  return load<T>(p + (<usize>k) * dsize<T>() + sizeof<T>());
}

@inline export function dset<T>(p: usize, k: i32, v: T, t: T): void {
  const q = p + (<usize>k) * dsize<T>();
  store<T>(q, v);
  store<T>(q + sizeof<T>(), t);
}

@inline export function dadd<T>(p: usize, k: i32, v: T, t: T): void {
  const q = p + (<usize>k) * dsize<T>();
  store<T>(q, load<T>(q) + v);
  store<T>(q + sizeof<T>(), load<T>(q + sizeof<T>()) + t);
}

/** G[k] += a·b (dual product): the adjoint rule of every bilinear term. */
@inline export function daddMul<T>(G: usize, k: i32, a: usize, ka: i32, b: usize, kb: i32): void {
  const av = dv<T>(a, ka), at = dt<T>(a, ka), bv = dv<T>(b, kb), bt = dt<T>(b, kb);
  dadd<T>(G, k, av * bv, at * bv + av * bt);
}

export function dzero<T>(p: usize, n: i32): void {
  memory.fill(p, 0, (<usize>n) * dsize<T>());
}

/** Parameter θ[off] (plain T). */
@inline export function th<T>(theta: usize, off: i32): T {
  return load<T>(theta + (<usize>off) * sizeof<T>());
}

/**
 * y = W·x (+ b) for a PyTorch Linear (W at θ offset `W`, row-major nOut × nIn; b < 0: no
 * bias); with `acc` added to y instead of replacing it. x, y dual.
 */
export function linForward<T>(theta: usize, W: i32, b: i32, nIn: i32, nOut: i32, x: usize, y: usize, acc: bool): void {
  if (sizeof<T>() == 4) {
    linForwardF32(theta, W, b, nIn, nOut, x, y, acc);
    return;
  }
  // A dual f64 is one v128 (value, tangent): each weight multiplies both lanes, in the order
  // of the scalar sums sv += w·x_v, st += w·x_t.
  for (let o = 0; o < nOut; o++) {
    let s = f64x2(b >= 0 ? th<f64>(theta, b + o) : 0.0, 0.0);
    const row = theta + (<usize>(W + o * nIn) << 3);
    for (let k = 0; k < nIn; k++) s = f64x2.add(s, f64x2.mul(v128.load64_splat(row + (<usize>k << 3)), v128.load(x + (<usize>k << 4))));
    const q = y + (<usize>o << 4);
    v128.store(q, acc ? f64x2.add(v128.load(q), s) : s);
  }
}

/**
 * Reverse of y = W·x + b: G[W] += ȳ⊗x, G[b] += ȳ, and x̄ += Wᵀȳ unless xb is 0. G is the
 * dual gradient (one pair per parameter, same offsets as θ).
 */
export function linBackward<T>(theta: usize, G: usize, W: i32, b: i32, nIn: i32, nOut: i32, x: usize, yb: usize, xb: usize): void {
  if (sizeof<T>() == 4) {
    linBackwardF32(theta, G, W, b, nIn, nOut, x, yb, xb);
    return;
  }
  // G[o,k] += (ḡ_v·x_v, ḡ_t·x_v + ḡ_v·x_t): the pair ḡ·x_v plus ḡ_v·x_t in the tangent lane only.
  const tangentLane = i64x2(0, -1);
  for (let o = 0; o < nOut; o++) {
    const g = v128.load(yb + (<usize>o << 4)), gv = f64x2.splat(f64x2.extract_lane(g, 0));
    const row = G + (<usize>(W + o * nIn) << 4);
    for (let k = 0; k < nIn; k++) {
      const xk = v128.load(x + (<usize>k << 4)), p = row + (<usize>k << 4);
      const t = f64x2.add(f64x2.mul(g, f64x2.splat(f64x2.extract_lane(xk, 0))), v128.and(f64x2.mul(gv, xk), tangentLane));
      v128.store(p, f64x2.add(v128.load(p), t));
    }
    if (b >= 0) {
      const p = G + (<usize>(b + o) << 4);
      v128.store(p, f64x2.add(v128.load(p), g));
    }
  }
  if (!xb) return;
  for (let k = 0; k < nIn; k++) {
    let s = f64x2.splat(0.0);
    for (let o = 0; o < nOut; o++) s = f64x2.add(s, f64x2.mul(v128.load64_splat(theta + (<usize>(W + o * nIn + k) << 3)), v128.load(yb + (<usize>o << 4))));
    const q = xb + (<usize>k << 4);
    v128.store(q, f64x2.add(v128.load(q), s));
  }
}

// f32 duals take 8 bytes, so one v128 holds two: the kernels below work on inputs k and k + 1
// together (weights (w_k, w_k, w_k+1, w_k+1) against (x_v, x_t) of both), and an odd last
// input on the low half alone. linForwardF32 sums even and odd k apart and adds the two at
// the end: a fixed order, so the same bits everywhere.

/** (a0, a0, a1, a1) from the two f32 at p. */
@inline function pairSplat(p: usize): v128 {
  const w = v128.load64_zero(p);
  return v128.shuffle<i32>(w, w, 0, 0, 1, 1);
}

function linForwardF32(theta: usize, W: i32, b: i32, nIn: i32, nOut: i32, x: usize, y: usize, acc: bool): void {
  for (let o = 0; o < nOut; o++) {
    let s = f32x4(b >= 0 ? th<f32>(theta, b + o) : 0, 0, 0, 0);
    const row = theta + (<usize>(W + o * nIn) << 2);
    let k = 0;
    for (; k + 1 < nIn; k += 2) s = f32x4.add(s, f32x4.mul(pairSplat(row + (<usize>k << 2)), v128.load(x + (<usize>k << 3))));
    s = f32x4.add(s, v128.shuffle<i32>(s, s, 2, 3, 0, 1));
    if (k < nIn) s = f32x4.add(s, f32x4.mul(f32x4.splat(load<f32>(row + (<usize>k << 2))), v128.load64_zero(x + (<usize>k << 3))));
    const q = y + (<usize>o << 3);
    v128.store64_lane(q, acc ? f32x4.add(v128.load64_zero(q), s) : s, 0);
  }
}

function linBackwardF32(theta: usize, G: usize, W: i32, b: i32, nIn: i32, nOut: i32, x: usize, yb: usize, xb: usize): void {
  // As the f64 kernel, per dual: (ḡ_v·x_v, ḡ_t·x_v) plus ḡ_v·x_t in the tangent lanes.
  const tangentLanes = i32x4(0, -1, 0, -1);
  for (let o = 0; o < nOut; o++) {
    const g = v128.load64_splat(yb + (<usize>o << 3)), gv = v128.shuffle<i32>(g, g, 0, 0, 0, 0);
    const row = G + (<usize>(W + o * nIn) << 3);
    let k = 0;
    for (; k + 1 < nIn; k += 2) {
      const xk = v128.load(x + (<usize>k << 3)), p = row + (<usize>k << 3);
      const t = f32x4.add(f32x4.mul(g, v128.shuffle<i32>(xk, xk, 0, 0, 2, 2)), v128.and(f32x4.mul(gv, xk), tangentLanes));
      v128.store(p, f32x4.add(v128.load(p), t));
    }
    if (k < nIn) {
      const xk = v128.load64_zero(x + (<usize>k << 3)), p = row + (<usize>k << 3);
      const t = f32x4.add(f32x4.mul(g, v128.shuffle<i32>(xk, xk, 0, 0, 2, 2)), v128.and(f32x4.mul(gv, xk), tangentLanes));
      v128.store64_lane(p, f32x4.add(v128.load64_zero(p), t), 0);
    }
    if (b >= 0) {
      const p = G + (<usize>(b + o) << 3);
      v128.store64_lane(p, f32x4.add(v128.load64_zero(p), g), 0);
    }
  }
  if (!xb) return;
  let k = 0;
  for (; k + 1 < nIn; k += 2) {
    let s = f32x4.splat(0);
    for (let o = 0; o < nOut; o++) s = f32x4.add(s, f32x4.mul(pairSplat(theta + (<usize>(W + o * nIn + k) << 2)), v128.load64_splat(yb + (<usize>o << 3))));
    const q = xb + (<usize>k << 3);
    v128.store(q, f32x4.add(v128.load(q), s));
  }
  if (k < nIn) {
    let s = f32x4.splat(0);
    for (let o = 0; o < nOut; o++) s = f32x4.add(s, f32x4.mul(f32x4.splat(th<f32>(theta, W + o * nIn + k)), v128.load64_zero(yb + (<usize>o << 3))));
    const q = xb + (<usize>k << 3);
    v128.store64_lane(q, f32x4.add(v128.load64_zero(q), s), 0);
  }
}

/** LinearMap (n_u × n_u, no bias) on m stacked channel vectors: y[c] = W·x[c]. */
export function mapForward<T>(theta: usize, W: i32, nU: i32, m: i32, x: usize, y: usize, acc: bool): void {
  for (let c = 0; c < m; c++) linForward<T>(theta, W, -1, nU, nU, dptr<T>(x, c * nU), dptr<T>(y, c * nU), acc);
}

/** Reverse of mapForward: G[W] += Σ_c ȳ[c]⊗x[c]; x̄[c] += Wᵀȳ[c] unless xb is 0. */
export function mapBackward<T>(theta: usize, G: usize, W: i32, nU: i32, m: i32, x: usize, yb: usize, xb: usize): void {
  for (let c = 0; c < m; c++) linBackward<T>(theta, G, W, -1, nU, nU, dptr<T>(x, c * nU), dptr<T>(yb, c * nU), xb ? dptr<T>(xb, c * nU) : 0);
}
