// Outer powers of a direction, D_v = n⊗…⊗n (v factors), kept as their distinct entries only: a
// symmetric rank-v tensor has (v+1)(v+2)/2 of them (1, 3, 6, 10, 15) against 3^v (1, 3, 9, 27,
// 81), so every per-edge sum over D_v's entries (moments, neighbour contractions, their
// adjoints) runs over half as many terms at rank 3. Entry k of rank v is the k-th sorted index
// tuple (i1 ≤ … ≤ iv, lexicographic), i.e. the monomial n_0^a n_1^b n_2^c. The model's per-atom
// tensors are symmetric too and kept the same way; a sum over full indices meets an entry once
// per copy: Σ_t F[t]·D_v[t] = Σ_k mult(k)·F[k]·D_v[k] (weigh).
import { pow3, compOffset } from "./plan";
import { ld, st, at, addTo } from "./vec";

/** Distinct entries of a symmetric rank-v tensor. */
@inline export function symCount(v: i32): i32 {
  return ((v + 1) * (v + 2)) >> 1;
}

/** Where rank v starts when ranks 0..v-1 are stacked before it. */
@inline export function symOffset(v: i32): i32 {
  return (v * (v + 1) * (v + 2)) / 6;
}

/** Distinct entries of ranks 0..v stacked. */
@inline export function symComps(v: i32): i32 {
  return symOffset(v + 1);
}

// Per rank v ≤ MAXV_LIMIT (4), at compOffset(v) + t: the distinct entry of full index t (digits
// base 3, first index most significant).
const SYM_OF: usize = memory.data<u8>([0,0,1,2,0,1,2,1,3,4,2,4,5,0,1,2,1,3,4,2,4,5,1,3,4,3,6,7,4,7,8,2,4,5,4,7,8,5,8,9,0,1,2,1,3,4,2,4,5,1,3,4,3,6,7,4,7,8,2,4,5,4,7,8,5,8,9,1,3,4,3,6,7,4,7,8,3,6,7,6,10,11,7,11,12,4,7,8,7,11,12,8,12,13,2,4,5,4,7,8,5,8,9,4,7,8,7,11,12,8,12,13,5,8,9,8,12,13,9,13,14]);
// Per distinct entry (at symOffset(v) + k): rank v-1's entry with the last index removed, and that index.
const PARENT: usize = memory.data<u8>([0,0,0,0,0,0,0,1,1,2,0,0,0,1,1,2,3,3,4,5,0,0,0,1,1,2,3,3,4,5,6,6,7,8,9]);
const LAST: usize = memory.data<u8>([0,0,1,2,0,1,2,1,2,2,0,1,2,1,2,2,1,2,2,2,0,1,2,1,2,2,1,2,2,2,1,2,2,2,2]);
// The terms of ∂D_v/∂n_c (tensors of rank v ≤ 4): per (v, c), GRAD_START[3v + c] ..
// GRAD_START[3v + c + 1] index the entries k whose monomial holds n_c (ascending), with its
// power a and rank v-1's entry with one n_c removed: ∂D_v[k]/∂n_c = a·D_{v-1}[lower].
const GRAD_START: usize = memory.data<u8>([0,0,0,0,1,2,3,6,9,12,18,24,30,40,50,60]);
const GRAD_K: usize = memory.data<u8>([0,1,2,0,1,2,1,3,4,2,4,5,0,1,2,3,4,5,1,3,4,6,7,8,2,4,5,7,8,9,0,1,2,3,4,5,6,7,8,9,1,3,4,6,7,8,10,11,12,13,2,4,5,7,8,9,11,12,13,14]);
const GRAD_A: usize = memory.data<u8>([1,1,1,2,1,1,1,2,1,1,1,2,3,2,2,1,1,1,1,2,1,3,2,1,1,1,2,1,2,3,4,3,3,2,2,2,1,1,1,1,1,2,1,3,2,1,4,3,2,1,1,1,2,1,2,3,1,2,3,4]);
const GRAD_LOWER: usize = memory.data<u8>([0,0,0,0,1,2,0,1,2,0,1,2,0,1,2,3,4,5,0,1,2,3,4,5,0,1,2,3,4,5,0,1,2,3,4,5,6,7,8,9,0,1,2,3,4,5,6,7,8,9,0,1,2,3,4,5,6,7,8,9]);

/** The distinct entry (of rank v) that full index t of a rank-v tensor equals. */
@inline export function symOf(v: i32, t: i32): i32 {
  return <i32>load<u8>(SYM_OF + <usize>(compOffset(v) + t));
}

/**
 * D_0..D_maxV, distinct entries stacked (rank v at symOffset(v)): each the entry of rank v-1
 * (PARENT) times one n_c (LAST). Ranks up to 3 are written out (the same products, without the
 * table walk: this runs for every edge each time a block is loaded).
 */
export function outerPowers<T>(n: usize, maxV: i32, D: usize): void {
  st<T>(D, 0, <T>1);
  if (maxV == 0) return;
  const x = ld<T>(n, 0), y = ld<T>(n, 1), z = ld<T>(n, 2);
  st<T>(D, 1, x);
  st<T>(D, 2, y);
  st<T>(D, 3, z);
  if (maxV == 1) return;
  const xx = x * x, xy = x * y, xz = x * z, yy = y * y, yz = y * z, zz = z * z;
  st<T>(D, 4, xx);
  st<T>(D, 5, xy);
  st<T>(D, 6, xz);
  st<T>(D, 7, yy);
  st<T>(D, 8, yz);
  st<T>(D, 9, zz);
  if (maxV == 2) return;
  st<T>(D, 10, xx * x);
  st<T>(D, 11, xx * y);
  st<T>(D, 12, xx * z);
  st<T>(D, 13, xy * y);
  st<T>(D, 14, xy * z);
  st<T>(D, 15, xz * z);
  st<T>(D, 16, yy * y);
  st<T>(D, 17, yy * z);
  st<T>(D, 18, yz * z);
  st<T>(D, 19, zz * z);
  for (let v = 4; v <= maxV; v++) {
    const prev = symOffset(v - 1), cur = symOffset(v);
    for (let k = 0, m = symCount(v); k < m; k++) {
      const e = <usize>(cur + k);
      st<T>(D, cur + k, ld<T>(D, prev + <i32>load<u8>(PARENT + e)) * ld<T>(n, <i32>load<u8>(LAST + e)));
    }
  }
}

/**
 * nbar[c] += Σ_k X[k]·∂D_v[k]/∂n[c] for X over rank v's distinct entries (D: all ranks, from
 * outerPowers): ∂(n_0^a n_1^b n_2^c)/∂n_c = c·(the monomial with one n_c fewer). Each nbar[c]
 * is summed in a register, k ascending.
 */
export function outerPowerGrad<T>(v: i32, X: usize, D: usize, nbar: usize): void {
  const lower = symOffset(v - 1);
  for (let c = 0; c < 3; c++) {
    let acc = ld<T>(nbar, c);
    const q1 = <usize>load<u8>(GRAD_START + <usize>(3 * v + c + 1));
    for (let q = <usize>load<u8>(GRAD_START + <usize>(3 * v + c)); q < q1; q++) {
      acc += ld<T>(X, <i32>load<u8>(GRAD_K + q)) * <T>load<u8>(GRAD_A + q) * ld<T>(D, lower + <i32>load<u8>(GRAD_LOWER + q));
    }
    st<T>(nbar, c, acc);
  }
}

/**
 * W[k] += S[k] once per full index t ~ k (t ascending), for a rank-v block of P-vectors held as
 * its distinct entries [symCount(v)][P]: W gains the multiplicity-weighted S, the entries' part
 * of a full sum Σ_t (so Σ_t F[t]·D_v[t] = Σ_k W[k]·D_v[k] with W from 0, and a full adjoint's
 * copies add up on their entry). Repeated additions rather than one multiply: the bits of
 * summing the written-out copies.
 */
export function weigh<T>(S: usize, v: i32, P: i32, W: usize): void {
  for (let t = 0, m = pow3(v); t < m; t++) {
    const k = symOf(v, t) * P;
    addTo<T>(at<T>(W, k), at<T>(S, k), P);
  }
}
