// Dual numbers (value, tangent) for the training core: every activation and adjoint is a pair
// of f64 — the value, and its derivative along a fixed direction of atomic displacements. The
// weights carry no tangent. Running the reverse pass to the weights in this arithmetic gives,
// in the tangent half of each weight's adjoint, d/dε ∂E/∂θ (x + ε·u) = ∂(u·∇ₓE)/∂θ: the force
// term of the loss, exactly (forward-over-reverse).
// A dual array of n elements takes 16n bytes: value at p + 16k, tangent at p + 16k + 8.

@inline export function dptr(p: usize, k: i32): usize {
  return p + (<usize>k << 4);
}

@inline export function dv(p: usize, k: i32): f64 {
  return load<f64>(p + (<usize>k << 4));
}

@inline export function dt(p: usize, k: i32): f64 {
  return load<f64>(p + (<usize>k << 4), 8);
}

@inline export function dset(p: usize, k: i32, v: f64, t: f64): void {
  const q = p + (<usize>k << 4);
  store<f64>(q, v);
  store<f64>(q, t, 8);
}

@inline export function dadd(p: usize, k: i32, v: f64, t: f64): void {
  const q = p + (<usize>k << 4);
  store<f64>(q, load<f64>(q) + v);
  store<f64>(q, load<f64>(q, 8) + t, 8);
}

/** G[k] += a·b (dual product): the adjoint rule of every bilinear term. */
@inline export function daddMul(G: usize, k: i32, a: usize, ka: i32, b: usize, kb: i32): void {
  const av = dv(a, ka), at = dt(a, ka), bv = dv(b, kb), bt = dt(b, kb);
  dadd(G, k, av * bv, at * bv + av * bt);
}

export function dzero(p: usize, n: i32): void {
  memory.fill(p, 0, <usize>n << 4);
}

export function dcopy(dst: usize, src: usize, n: i32): void {
  memory.copy(dst, src, <usize>n << 4);
}

/** Parameter θ[off] (plain f64). */
@inline export function th(theta: usize, off: i32): f64 {
  return load<f64>(theta + (<usize>off << 3));
}

/**
 * y = W·x (+ b) for a PyTorch Linear (W at θ offset `W`, row-major nOut × nIn; b < 0: no
 * bias); with `acc` added to y instead of replacing it. x, y dual.
 */
export function linForward(theta: usize, W: i32, b: i32, nIn: i32, nOut: i32, x: usize, y: usize, acc: bool): void {
  // A dual is one v128 (value, tangent): each weight multiplies both lanes, in the order of
  // the scalar sums sv += w·x_v, st += w·x_t.
  for (let o = 0; o < nOut; o++) {
    let s = f64x2(b >= 0 ? th(theta, b + o) : 0.0, 0.0);
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
export function linBackward(theta: usize, G: usize, W: i32, b: i32, nIn: i32, nOut: i32, x: usize, yb: usize, xb: usize): void {
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

/** LinearMap (n_u × n_u, no bias) on m stacked channel vectors: y[c] = W·x[c]. */
export function mapForward(theta: usize, W: i32, nU: i32, m: i32, x: usize, y: usize, acc: bool): void {
  for (let c = 0; c < m; c++) linForward(theta, W, -1, nU, nU, dptr(x, c * nU), dptr(y, c * nU), acc);
}

/** Reverse of mapForward: G[W] += Σ_c ȳ[c]⊗x[c]; x̄[c] += Wᵀȳ[c] unless xb is 0. */
export function mapBackward(theta: usize, G: usize, W: i32, nU: i32, m: i32, x: usize, yb: usize, xb: usize): void {
  for (let c = 0; c < m; c++) linBackward(theta, G, W, -1, nU, nU, dptr(x, c * nU), dptr(yb, c * nU), xb ? dptr(xb, c * nU) : 0);
}
