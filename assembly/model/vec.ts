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

/**
 * y += a_0·x_0 + a_1·x_1 + … for n columns (a_c the scalar at a + c·aS bytes, x_c at x + c·xS
 * bytes), added one column at a time per element: axpy's bits for each column in turn, with y
 * loaded and stored once per four columns.
 */
export function axpyColumns<T>(y: usize, a: usize, aS: usize, x: usize, xS: usize, n: i32, P: i32): void {
  for (let c = 0; c < n; c += 4) axpyColumns4<T>(y, a + (<usize>c) * aS, aS, x + (<usize>c) * xS, xS, min(4, n - c), P);
}

/** axpyColumns for n ≤ 4. */
function axpyColumns4<T>(y: usize, a: usize, aS: usize, x: usize, xS: usize, n: i32, P: i32): void {
  const bytes = (<usize>P) * sizeof<T>();
  const a0 = v128.splat<T>(load<T>(a));
  if (n == 1) {
    for (let o: usize = 0; o < bytes; o += 16) v128.store(y + o, v128.add<T>(v128.load(y + o), v128.mul<T>(a0, v128.load(x + o))));
    return;
  }
  const a1 = v128.splat<T>(load<T>(a + aS)), x1 = x + xS;
  if (n == 2) {
    for (let o: usize = 0; o < bytes; o += 16) {
      v128.store(y + o, v128.add<T>(v128.add<T>(v128.load(y + o), v128.mul<T>(a0, v128.load(x + o))), v128.mul<T>(a1, v128.load(x1 + o))));
    }
    return;
  }
  const a2 = v128.splat<T>(load<T>(a + 2 * aS)), x2 = x + 2 * xS;
  if (n == 3) {
    for (let o: usize = 0; o < bytes; o += 16) {
      const s = v128.add<T>(v128.add<T>(v128.load(y + o), v128.mul<T>(a0, v128.load(x + o))), v128.mul<T>(a1, v128.load(x1 + o)));
      v128.store(y + o, v128.add<T>(s, v128.mul<T>(a2, v128.load(x2 + o))));
    }
    return;
  }
  const a3 = v128.splat<T>(load<T>(a + 3 * aS)), x3 = x + 3 * xS;
  for (let o: usize = 0; o < bytes; o += 16) {
    const s = v128.add<T>(v128.add<T>(v128.load(y + o), v128.mul<T>(a0, v128.load(x + o))), v128.mul<T>(a1, v128.load(x1 + o)));
    v128.store(y + o, v128.add<T>(v128.add<T>(s, v128.mul<T>(a2, v128.load(x2 + o))), v128.mul<T>(a3, v128.load(x3 + o))));
  }
}

/** y = a·x. */
export function scaleTo<T>(y: usize, a: T, x: usize, n: i32): void {
  const av = v128.splat<T>(a);
  const bytes = (<usize>n) * sizeof<T>();
  for (let o: usize = 0; o < bytes; o += 16) v128.store(y + o, v128.mul<T>(av, v128.load(x + o)));
}

/** y = x ⊙ z. */
export function mulTo<T>(y: usize, x: usize, z: usize, n: i32): void {
  const bytes = (<usize>n) * sizeof<T>();
  for (let o: usize = 0; o < bytes; o += 16) v128.store(y + o, v128.mul<T>(v128.load(x + o), v128.load(z + o)));
}

/** Σ_k x[k]·z[k]. */
export function dot<T>(x: usize, z: usize, n: i32): T {
  let acc = v128.splat<T>(<T>0);
  const bytes = (<usize>n) * sizeof<T>();
  for (let o: usize = 0; o < bytes; o += 16) acc = v128.add<T>(acc, v128.mul<T>(v128.load(x + o), v128.load(z + o)));
  return hsum<T>(acc);
}

/**
 * y[k] (= or, with `add`, +=) Σ_o M_k[o]·x[o] for the four rows M_k = M + k·stride elements: four
 * dots sharing each load of x, every one summed in dot's order (so with dot's bits).
 */
export function dots4<T>(M: usize, stride: i32, x: usize, n: i32, y: usize, add: bool): void {
  const bytes = (<usize>n) * sizeof<T>(), s = (<usize>stride) * sizeof<T>();
  let a0 = v128.splat<T>(<T>0), a1 = a0, a2 = a0, a3 = a0;
  for (let o: usize = 0; o < bytes; o += 16) {
    const xv = v128.load(x + o), m = M + o;
    a0 = v128.add<T>(a0, v128.mul<T>(v128.load(m), xv));
    a1 = v128.add<T>(a1, v128.mul<T>(v128.load(m + s), xv));
    a2 = v128.add<T>(a2, v128.mul<T>(v128.load(m + 2 * s), xv));
    a3 = v128.add<T>(a3, v128.mul<T>(v128.load(m + 3 * s), xv));
  }
  st<T>(y, 0, add ? ld<T>(y, 0) + hsum<T>(a0) : hsum<T>(a0));
  st<T>(y, 1, add ? ld<T>(y, 1) + hsum<T>(a1) : hsum<T>(a1));
  st<T>(y, 2, add ? ld<T>(y, 2) + hsum<T>(a2) : hsum<T>(a2));
  st<T>(y, 3, add ? ld<T>(y, 3) + hsum<T>(a3) : hsum<T>(a3));
}

@inline function splatLoad<T>(p: usize): v128 {
  if (sizeof<T>() == 4) return v128.load32_splat(p);
  return v128.load64_splat(p);
}

/**
 * y[0..outP) = b + Σ_{k<rows} x[k]·M[k][0..outP), rows of outP elements. `b` may be 0 (no
 * bias) or alias y (accumulate). Up to four registers of outputs stay live across the k loop.
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
      const xs = splatLoad<T>(xp);
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
  if (o + 32 <= total) {
    let a0 = b ? v128.load(b + o) : v128.splat<T>(<T>0);
    let a1 = b ? v128.load(b + o + 16) : v128.splat<T>(<T>0);
    let row = M + o;
    let xp = x;
    for (let k = 0; k < rows; k++) {
      const xs = splatLoad<T>(xp);
      a0 = v128.add<T>(a0, v128.mul<T>(xs, v128.load(row)));
      a1 = v128.add<T>(a1, v128.mul<T>(xs, v128.load(row + 16)));
      row += rowBytes;
      xp += sizeof<T>();
    }
    v128.store(y + o, a0);
    v128.store(y + o + 16, a1);
    o += 32;
  }
  if (o < total) {
    let a0 = b ? v128.load(b + o) : v128.splat<T>(<T>0);
    let row = M + o;
    let xp = x;
    for (let k = 0; k < rows; k++) {
      a0 = v128.add<T>(a0, v128.mul<T>(splatLoad<T>(xp), v128.load(row)));
      row += rowBytes;
      xp += sizeof<T>();
    }
    v128.store(y + o, a0);
  }
}

/** y += x ⊙ z. */
export function mulAcc<T>(y: usize, x: usize, z: usize, n: i32): void {
  const bytes = (<usize>n) * sizeof<T>();
  for (let o: usize = 0; o < bytes; o += 16) v128.store(y + o, v128.add<T>(v128.load(y + o), v128.mul<T>(v128.load(x + o), v128.load(z + o))));
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

/**
 * Four columns at once: Y_c = B_c + Σ_{k<rows} X_c[k]·M[k][0..outP) with X_c = x + c·xStride,
 * Y_c = y + c·yStride and B_c = b + c·bStride (strides in elements; bStride 0: one bias for
 * all). Each weight register is loaded once for the four columns; per output the summation
 * order is that of matvecRows. b may be 0 (no bias) or alias y; x must not overlap y.
 */
export function matmul4<T>(M: usize, rows: i32, outP: i32, x: usize, xStride: i32, b: usize, bStride: i32, y: usize, yStride: i32): void {
  const sz = sizeof<T>();
  const rowBytes = (<usize>outP) * sz;
  const xs = (<usize>xStride) * sz, ys = (<usize>yStride) * sz, bs = (<usize>bStride) * sz;
  let o: usize = 0;
  for (; o + 32 <= rowBytes; o += 32) {
    const z = v128.splat<T>(<T>0);
    let a00 = b ? v128.load(b + o) : z, a01 = b ? v128.load(b + o + 16) : z;
    let a10 = b ? v128.load(b + bs + o) : z, a11 = b ? v128.load(b + bs + o + 16) : z;
    let a20 = b ? v128.load(b + 2 * bs + o) : z, a21 = b ? v128.load(b + 2 * bs + o + 16) : z;
    let a30 = b ? v128.load(b + 3 * bs + o) : z, a31 = b ? v128.load(b + 3 * bs + o + 16) : z;
    let row = M + o;
    let xp = x;
    for (let k = 0; k < rows; k++) {
      const w0 = v128.load(row), w1 = v128.load(row + 16);
      const x0 = splatLoad<T>(xp), x1 = splatLoad<T>(xp + xs), x2 = splatLoad<T>(xp + 2 * xs), x3 = splatLoad<T>(xp + 3 * xs);
      a00 = v128.add<T>(a00, v128.mul<T>(x0, w0));
      a01 = v128.add<T>(a01, v128.mul<T>(x0, w1));
      a10 = v128.add<T>(a10, v128.mul<T>(x1, w0));
      a11 = v128.add<T>(a11, v128.mul<T>(x1, w1));
      a20 = v128.add<T>(a20, v128.mul<T>(x2, w0));
      a21 = v128.add<T>(a21, v128.mul<T>(x2, w1));
      a30 = v128.add<T>(a30, v128.mul<T>(x3, w0));
      a31 = v128.add<T>(a31, v128.mul<T>(x3, w1));
      row += rowBytes;
      xp += sz;
    }
    v128.store(y + o, a00);
    v128.store(y + o + 16, a01);
    v128.store(y + ys + o, a10);
    v128.store(y + ys + o + 16, a11);
    v128.store(y + 2 * ys + o, a20);
    v128.store(y + 2 * ys + o + 16, a21);
    v128.store(y + 3 * ys + o, a30);
    v128.store(y + 3 * ys + o + 16, a31);
  }
  if (o < rowBytes) {
    const z = v128.splat<T>(<T>0);
    let a0 = b ? v128.load(b + o) : z, a1 = b ? v128.load(b + bs + o) : z;
    let a2 = b ? v128.load(b + 2 * bs + o) : z, a3 = b ? v128.load(b + 3 * bs + o) : z;
    let row = M + o;
    let xp = x;
    for (let k = 0; k < rows; k++) {
      const w0 = v128.load(row);
      a0 = v128.add<T>(a0, v128.mul<T>(splatLoad<T>(xp), w0));
      a1 = v128.add<T>(a1, v128.mul<T>(splatLoad<T>(xp + xs), w0));
      a2 = v128.add<T>(a2, v128.mul<T>(splatLoad<T>(xp + 2 * xs), w0));
      a3 = v128.add<T>(a3, v128.mul<T>(splatLoad<T>(xp + 3 * xs), w0));
      row += rowBytes;
      xp += sz;
    }
    v128.store(y + o, a0);
    v128.store(y + ys + o, a1);
    v128.store(y + 2 * ys + o, a2);
    v128.store(y + 3 * ys + o, a3);
  }
}

/**
 * Y_c = B_c + M·X_c for m vectors of P elements, vector c at x + c·xS, b + c·bS and y + c·yS
 * (strides in elements; b may be 0 or alias y, x must not overlap y): a channel map over the
 * same entry of consecutive atoms (strides: an atom's block), or over an atom's entries
 * (strides P). Four vectors at a time share each weight load; every output has matvecRows' bits.
 */
export function mapVectors<T>(M: usize, rows: i32, P: i32, x: usize, xS: i32, b: usize, bS: i32, y: usize, yS: i32, m: i32): void {
  let c = 0;
  for (; c + 4 <= m; c += 4) matmul4<T>(M, rows, P, at<T>(x, c * xS), xS, b ? at<T>(b, c * bS) : 0, bS, at<T>(y, c * yS), yS);
  for (; c < m; c++) matvecRows<T>(M, rows, P, at<T>(x, c * xS), b ? at<T>(b, c * bS) : 0, at<T>(y, c * yS));
}
