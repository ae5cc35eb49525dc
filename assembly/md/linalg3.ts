// 3×3 helpers on row-major f64 matrices in linear memory (cells are stored as rows).

/** Determinant of the 3×3 matrix at `a`. */
export function det3(a: usize): f64 {
  const a00 = load<f64>(a), a01 = load<f64>(a, 8), a02 = load<f64>(a, 16);
  const a10 = load<f64>(a, 24), a11 = load<f64>(a, 32), a12 = load<f64>(a, 40);
  const a20 = load<f64>(a, 48), a21 = load<f64>(a, 56), a22 = load<f64>(a, 64);
  return a00 * (a11 * a22 - a12 * a21) - a01 * (a10 * a22 - a12 * a20) + a02 * (a10 * a21 - a11 * a20);
}

/** out = a⁻¹ (adjugate / determinant); returns the determinant (0: out untouched). */
export function inverse3(a: usize, out: usize): f64 {
  const a00 = load<f64>(a), a01 = load<f64>(a, 8), a02 = load<f64>(a, 16);
  const a10 = load<f64>(a, 24), a11 = load<f64>(a, 32), a12 = load<f64>(a, 40);
  const a20 = load<f64>(a, 48), a21 = load<f64>(a, 56), a22 = load<f64>(a, 64);
  const c00 = a11 * a22 - a12 * a21, c01 = a12 * a20 - a10 * a22, c02 = a10 * a21 - a11 * a20;
  const det = a00 * c00 + a01 * c01 + a02 * c02;
  if (det == 0.0) return 0.0;
  const r = 1.0 / det;
  store<f64>(out, c00 * r);
  store<f64>(out, (a02 * a21 - a01 * a22) * r, 8);
  store<f64>(out, (a01 * a12 - a02 * a11) * r, 16);
  store<f64>(out, c01 * r, 24);
  store<f64>(out, (a00 * a22 - a02 * a20) * r, 32);
  store<f64>(out, (a02 * a10 - a00 * a12) * r, 40);
  store<f64>(out, c02 * r, 48);
  store<f64>(out, (a01 * a20 - a00 * a21) * r, 56);
  store<f64>(out, (a00 * a11 - a01 * a10) * r, 64);
  return det;
}

/** Row vectors times a matrix: out[i] = rows[i] · m for n rows of 3 (out may alias rows). */
export function rowsTimesMat3(n: i32, rows: usize, m: usize, out: usize): void {
  const m00 = load<f64>(m), m01 = load<f64>(m, 8), m02 = load<f64>(m, 16);
  const m10 = load<f64>(m, 24), m11 = load<f64>(m, 32), m12 = load<f64>(m, 40);
  const m20 = load<f64>(m, 48), m21 = load<f64>(m, 56), m22 = load<f64>(m, 64);
  for (let i = 0; i < n; i++) {
    const p = rows + (<usize>i) * 24;
    const q = out + (<usize>i) * 24;
    const x = load<f64>(p), y = load<f64>(p, 8), z = load<f64>(p, 16);
    store<f64>(q, x * m00 + y * m10 + z * m20);
    store<f64>(q, x * m01 + y * m11 + z * m21, 8);
    store<f64>(q, x * m02 + y * m12 + z * m22, 16);
  }
}

/**
 * Eigen-decomposition of the symmetric 3×3 matrix at `a` by cyclic Jacobi rotations (a fixed,
 * deterministic sequence). Writes eigenvalues to `values` (3) and eigenvectors as the ROWS of
 * `vectors` (3×3). `a` is overwritten (it ends up diagonal).
 */
export function symmetricEigen3(a: usize, values: usize, vectors: usize): void {
  for (let i = 0; i < 9; i++) store<f64>(vectors + (<usize>i << 3), i % 4 == 0 ? 1.0 : 0.0);
  for (let sweep = 0; sweep < 50; sweep++) {
    const off = Math.abs(at(a, 0, 1)) + Math.abs(at(a, 0, 2)) + Math.abs(at(a, 1, 2));
    const diag = Math.abs(at(a, 0, 0)) + Math.abs(at(a, 1, 1)) + Math.abs(at(a, 2, 2));
    if (off <= 1e-300 || off <= 1e-17 * diag) break;
    for (let p = 0; p < 2; p++) {
      for (let q = p + 1; q < 3; q++) rotate(a, vectors, p, q);
    }
  }
  for (let i = 0; i < 3; i++) store<f64>(values + (<usize>i << 3), at(a, i, i));
}

// @ts-ignore: decorator
@inline
function at(a: usize, i: i32, j: i32): f64 {
  return load<f64>(a + (<usize>(i * 3 + j) << 3));
}

// @ts-ignore: decorator
@inline
function put(a: usize, i: i32, j: i32, x: f64): void {
  store<f64>(a + (<usize>(i * 3 + j) << 3), x);
}

/** One Jacobi rotation zeroing a[p][q] (Numerical Recipes' stable form). */
function rotate(a: usize, v: usize, p: i32, q: i32): void {
  const apq = at(a, p, q);
  if (apq == 0.0) return;
  const theta = (at(a, q, q) - at(a, p, p)) / (2.0 * apq);
  const t = (theta >= 0.0 ? 1.0 : -1.0) / (Math.abs(theta) + Math.sqrt(theta * theta + 1.0));
  const c = 1.0 / Math.sqrt(t * t + 1.0);
  const s = t * c;
  for (let k = 0; k < 3; k++) {
    const akp = at(a, k, p), akq = at(a, k, q);
    put(a, k, p, c * akp - s * akq);
    put(a, k, q, s * akp + c * akq);
  }
  for (let k = 0; k < 3; k++) {
    const apk = at(a, p, k), aqk = at(a, q, k);
    put(a, p, k, c * apk - s * aqk);
    put(a, q, k, s * apk + c * aqk);
  }
  for (let k = 0; k < 3; k++) {
    const vpk = at(v, p, k), vqk = at(v, q, k);
    put(v, p, k, c * vpk - s * vqk);
    put(v, q, k, s * vpk + c * vqk);
  }
}

/**
 * Wraps d = (dx, dy, dz) to its nearest periodic image along the rows k of `cell` whose pbcMask
 * bit is set (inv = cell⁻¹, from inverse3): d −= round(d·inv[:,k])·cell[k], row by row.
 * The result goes to out (f64[3], the caller's scratch: no module globals as return channels).
 */
export function nearestImage(dx: f64, dy: f64, dz: f64, cell: usize, inv: usize, pbcMask: i32, out: usize): void {
  for (let k = 0; k < 3; k++) {
    if (((pbcMask >> k) & 1) == 0) continue;
    const f = dx * load<f64>(inv + (<usize>k << 3)) + dy * load<f64>(inv + (<usize>(3 + k) << 3))
      + dz * load<f64>(inv + (<usize>(6 + k) << 3));
    const s = Math.floor(f + 0.5);
    const a = cell + <usize>k * 24;
    dx -= s * load<f64>(a); dy -= s * load<f64>(a, 8); dz -= s * load<f64>(a, 16);
  }
  store<f64>(out, dx); store<f64>(out, dy, 8); store<f64>(out, dz, 16);
}
