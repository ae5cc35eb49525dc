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

// A dual is one register: f64 (value, tangent) fills a v128; an f32 pair fills its low half
// (the high half stays zero and is never stored).
@inline function dload<T>(p: usize): v128 {
  return sizeof<T>() == 8 ? v128.load(p) : v128.load64_zero(p);
}

@inline function dstore<T>(p: usize, x: v128): void {
  if (sizeof<T>() == 8) v128.store(p, x);
  else v128.store64_lane(p, x, 0);
}

@inline function vadd<T>(a: v128, b: v128): v128 {
  return sizeof<T>() == 8 ? f64x2.add(a, b) : f32x4.add(a, b);
}

@inline function vmul<T>(a: v128, b: v128): v128 {
  return sizeof<T>() == 8 ? f64x2.mul(a, b) : f32x4.mul(a, b);
}

/** Both lanes of a dual set to x. */
@inline function vsplat<T>(x: T): v128 {
  return sizeof<T>() == 8 ? f64x2.splat(<f64>x) : f32x4.splat(<f32>x);
}

/** The dual (b, 0). */
@inline function vbias<T>(b: T): v128 {
  return sizeof<T>() == 8 ? f64x2(<f64>b, 0.0) : f32x4(<f32>b, 0, 0, 0);
}

/** Keeps the tangent lane only. */
@inline function tangentLane<T>(): v128 {
  return sizeof<T>() == 8 ? i64x2(0, -1) : i32x4(0, -1, 0, 0);
}

/** Value lane of a dual register. */
@inline function lane0<T>(x: v128): T {
  return sizeof<T>() == 8 ? <T>f64x2.extract_lane(x, 0) : <T>f32x4.extract_lane(x, 0);
}

/**
 * y = W·x (+ b) for a PyTorch Linear (W at θ offset `W`, row-major nOut × nIn; b < 0: no
 * bias); with `acc` added to y instead of replacing it. x, y dual.
 */
export function linForward<T>(theta: usize, W: i32, b: i32, nIn: i32, nOut: i32, x: usize, y: usize, acc: bool): void {
  // Each weight multiplies both lanes, in the order of the scalar sums sv += w·x_v, st += w·x_t.
  for (let o = 0; o < nOut; o++) {
    let s = vbias<T>(b >= 0 ? th<T>(theta, b + o) : <T>0);
    const row = theta + (<usize>(W + o * nIn)) * sizeof<T>();
    for (let k = 0; k < nIn; k++) s = vadd<T>(s, vmul<T>(vsplat<T>(load<T>(row + (<usize>k) * sizeof<T>())), dload<T>(dptr<T>(x, k))));
    const q = dptr<T>(y, o);
    dstore<T>(q, acc ? vadd<T>(dload<T>(q), s) : s);
  }
}

/**
 * Reverse of y = W·x + b: G[W] += ȳ⊗x, G[b] += ȳ, and x̄ += Wᵀȳ unless xb is 0. G is the
 * dual gradient (one pair per parameter, same offsets as θ).
 */
export function linBackward<T>(theta: usize, G: usize, W: i32, b: i32, nIn: i32, nOut: i32, x: usize, yb: usize, xb: usize): void {
  // G[o,k] += (ḡ_v·x_v, ḡ_t·x_v + ḡ_v·x_t): the pair ḡ·x_v plus ḡ_v·x_t in the tangent lane only.
  const tl = tangentLane<T>();
  for (let o = 0; o < nOut; o++) {
    const g = dload<T>(dptr<T>(yb, o)), gv = vsplat<T>(lane0<T>(g));
    const row = dptr<T>(G, W + o * nIn);
    for (let k = 0; k < nIn; k++) {
      const xk = dload<T>(dptr<T>(x, k)), p = dptr<T>(row, k);
      const t = vadd<T>(vmul<T>(g, vsplat<T>(lane0<T>(xk))), v128.and(vmul<T>(gv, xk), tl));
      dstore<T>(p, vadd<T>(dload<T>(p), t));
    }
    if (b >= 0) {
      const p = dptr<T>(G, b + o);
      dstore<T>(p, vadd<T>(dload<T>(p), g));
    }
  }
  if (!xb) return;
  for (let k = 0; k < nIn; k++) {
    let s = vsplat<T>(<T>0);
    for (let o = 0; o < nOut; o++) s = vadd<T>(s, vmul<T>(vsplat<T>(th<T>(theta, W + o * nIn + k)), dload<T>(dptr<T>(yb, o))));
    const q = dptr<T>(xb, k);
    dstore<T>(q, vadd<T>(dload<T>(q), s));
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
