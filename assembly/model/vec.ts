// SIMD building blocks over channel vectors, generic in the element type T (f32 or f64).
// Lengths are padded to whole v128 registers by the plan. Every reduction runs in one fixed
// order (lane-wise accumulation over the index, then lanes 0, 1, ... in turn), so results are
// the same bits on every engine.

/** Elements of T in one v128. */
@inline export function lanes<T>(): i32 {
  return 16 / sizeof<T>();
}

@inline export function at<T>(p: usize, k: i32): usize {
  return p + (<usize>k) * sizeof<T>();
}

@inline export function ld<T>(p: usize, k: i32): T {
  return load<T>(p + (<usize>k) * sizeof<T>());
}

@inline export function st<T>(p: usize, k: i32, x: T): void {
  store<T>(p + (<usize>k) * sizeof<T>(), x);
}

/** Sum of a register's lanes, lane 0 first. */
@inline export function hsum<T>(v: v128): T {
  if (sizeof<T>() == 4) {
    return <T>(v128.extract_lane<f32>(v, 0) + v128.extract_lane<f32>(v, 1) + v128.extract_lane<f32>(v, 2) + v128.extract_lane<f32>(v, 3));
  }
  return <T>(v128.extract_lane<f64>(v, 0) + v128.extract_lane<f64>(v, 1));
}

export function zero<T>(y: usize, n: i32): void {
  memory.fill(y, 0, (<usize>n) * sizeof<T>());
}

export function copy<T>(y: usize, x: usize, n: i32): void {
  memory.copy(y, x, (<usize>n) * sizeof<T>());
}

/** y += a·x (n a multiple of the lane count). */
export function axpy<T>(y: usize, a: T, x: usize, n: i32): void {
  const av = v128.splat<T>(a);
  const bytes = (<usize>n) * sizeof<T>();
  for (let o: usize = 0; o < bytes; o += 16) {
    v128.store(y + o, v128.add<T>(v128.load(y + o), v128.mul<T>(av, v128.load(x + o))));
  }
}

/** y = a·x. */
export function scaleTo<T>(y: usize, a: T, x: usize, n: i32): void {
  const av = v128.splat<T>(a);
  const bytes = (<usize>n) * sizeof<T>();
  for (let o: usize = 0; o < bytes; o += 16) v128.store(y + o, v128.mul<T>(av, v128.load(x + o)));
}

/** y += x ⊙ z. */
export function mulAcc<T>(y: usize, x: usize, z: usize, n: i32): void {
  const bytes = (<usize>n) * sizeof<T>();
  for (let o: usize = 0; o < bytes; o += 16) {
    v128.store(y + o, v128.add<T>(v128.load(y + o), v128.mul<T>(v128.load(x + o), v128.load(z + o))));
  }
}

/** y = x ⊙ z. */
export function mulTo<T>(y: usize, x: usize, z: usize, n: i32): void {
  const bytes = (<usize>n) * sizeof<T>();
  for (let o: usize = 0; o < bytes; o += 16) v128.store(y + o, v128.mul<T>(v128.load(x + o), v128.load(z + o)));
}

/** y += a·(x ⊙ z). */
export function mulAxpy<T>(y: usize, a: T, x: usize, z: usize, n: i32): void {
  const av = v128.splat<T>(a);
  const bytes = (<usize>n) * sizeof<T>();
  for (let o: usize = 0; o < bytes; o += 16) {
    v128.store(y + o, v128.add<T>(v128.load(y + o), v128.mul<T>(av, v128.mul<T>(v128.load(x + o), v128.load(z + o)))));
  }
}

/** Σ_k x[k]·z[k]. */
export function dot<T>(x: usize, z: usize, n: i32): T {
  let acc = v128.splat<T>(<T>0);
  const bytes = (<usize>n) * sizeof<T>();
  for (let o: usize = 0; o < bytes; o += 16) acc = v128.add<T>(acc, v128.mul<T>(v128.load(x + o), v128.load(z + o)));
  return hsum<T>(acc);
}

/**
 * y[0..outP) = b + Σ_{k<rows} x[k]·M[k][0..outP), rows of outP elements. `b` may be 0 (no
 * bias) or alias y (accumulate). Four registers of outputs are kept live across the k loop.
 */
export function matvecRows<T>(M: usize, rows: i32, outP: i32, x: usize, b: usize, y: usize): void {
  const rowBytes = (<usize>outP) * sizeof<T>();
  const total = rowBytes;
  let o: usize = 0;
  for (; o + 64 <= total; o += 64) {
    let a0 = b ? v128.load(b + o) : v128.splat<T>(<T>0);
    let a1 = b ? v128.load(b + o + 16) : v128.splat<T>(<T>0);
    let a2 = b ? v128.load(b + o + 32) : v128.splat<T>(<T>0);
    let a3 = b ? v128.load(b + o + 48) : v128.splat<T>(<T>0);
    let row = M + o;
    let xp = x;
    for (let k = 0; k < rows; k++) {
      const xs = v128.splat<T>(load<T>(xp));
      a0 = v128.add<T>(a0, v128.mul<T>(xs, v128.load(row)));
      a1 = v128.add<T>(a1, v128.mul<T>(xs, v128.load(row + 16)));
      a2 = v128.add<T>(a2, v128.mul<T>(xs, v128.load(row + 32)));
      a3 = v128.add<T>(a3, v128.mul<T>(xs, v128.load(row + 48)));
      row += rowBytes;
      xp += sizeof<T>();
    }
    v128.store(y + o, a0);
    v128.store(y + o + 16, a1);
    v128.store(y + o + 32, a2);
    v128.store(y + o + 48, a3);
  }
  for (; o < total; o += 16) {
    let a0 = b ? v128.load(b + o) : v128.splat<T>(<T>0);
    let row = M + o;
    let xp = x;
    for (let k = 0; k < rows; k++) {
      a0 = v128.add<T>(a0, v128.mul<T>(v128.splat<T>(load<T>(xp)), v128.load(row)));
      row += rowBytes;
      xp += sizeof<T>();
    }
    v128.store(y + o, a0);
  }
}

/** y += x ⊙ z ⊙ w. */
export function mul3Acc<T>(y: usize, x: usize, z: usize, w: usize, n: i32): void {
  const bytes = (<usize>n) * sizeof<T>();
  for (let o: usize = 0; o < bytes; o += 16) {
    v128.store(y + o, v128.add<T>(v128.load(y + o), v128.mul<T>(v128.mul<T>(v128.load(x + o), v128.load(z + o)), v128.load(w + o))));
  }
}

/** y = x ⊙ z ⊙ w. */
export function mul3To<T>(y: usize, x: usize, z: usize, w: usize, n: i32): void {
  const bytes = (<usize>n) * sizeof<T>();
  for (let o: usize = 0; o < bytes; o += 16) {
    v128.store(y + o, v128.mul<T>(v128.mul<T>(v128.load(x + o), v128.load(z + o)), v128.load(w + o)));
  }
}

/** y += x. */
export function addTo<T>(y: usize, x: usize, n: i32): void {
  const bytes = (<usize>n) * sizeof<T>();
  for (let o: usize = 0; o < bytes; o += 16) v128.store(y + o, v128.add<T>(v128.load(y + o), v128.load(x + o)));
}
