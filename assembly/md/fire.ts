// FIRE minimiser step (Bitzek et al., PRL 97, 170201 (2006)), the variant ASE's FIRE uses:
// mixing v ← (1−α)v + α|v| f̂ while P = f·v > 0, restart on P ≤ 0, explicit Euler update, and
// the whole displacement capped at maxstep. Works on any flat vector x (atoms, or atoms + cell
// degrees of freedom). State: f64[FIRE_SIZE] at `s`, laid out by the host; field indices
// FIRE_* from scripts/layouts/table.mjs (dt, α, steps since P ≤ 0, started, dtmax, Nmin, finc,
// fdec, αstart, fα, maxstep in Å).
import { FIRE_DT, FIRE_ALPHA, FIRE_COUNT, FIRE_STARTED, FIRE_DTMAX, FIRE_NMIN, FIRE_FINC, FIRE_FDEC, FIRE_ASTART, FIRE_FA,
  FIRE_MAXSTEP } from "../generated/layouts";

/** Byte offset of state field k. */
// @ts-ignore: decorator
@inline function at(s: usize, k: i32): usize {
  return s + (<usize>k << 3);
}

export function fireStep(len: i32, x: usize, v: usize, f: usize, s: usize): void {
  let dt = load<f64>(at(s, FIRE_DT));
  let alpha = load<f64>(at(s, FIRE_ALPHA));
  let count = load<f64>(at(s, FIRE_COUNT));
  if (load<f64>(at(s, FIRE_STARTED)) == 0.0) {
    for (let k = 0; k < len; k++) store<f64>(v + (<usize>k << 3), 0.0);
    store<f64>(at(s, FIRE_STARTED), 1.0);
  } else {
    let vf: f64 = 0.0, vv: f64 = 0.0, ff: f64 = 0.0;
    for (let k = 0; k < len; k++) {
      const o = <usize>k << 3;
      const vk = load<f64>(v + o), fk = load<f64>(f + o);
      vf += vk * fk; vv += vk * vk; ff += fk * fk;
    }
    if (vf > 0.0) {
      const mix = ff > 0.0 ? alpha * Math.sqrt(vv) / Math.sqrt(ff) : 0.0;
      for (let k = 0; k < len; k++) {
        const o = <usize>k << 3;
        store<f64>(v + o, (1.0 - alpha) * load<f64>(v + o) + mix * load<f64>(f + o));
      }
      if (count > load<f64>(at(s, FIRE_NMIN))) {
        dt = Math.min(dt * load<f64>(at(s, FIRE_FINC)), load<f64>(at(s, FIRE_DTMAX)));
        alpha *= load<f64>(at(s, FIRE_FA));
      }
      count += 1.0;
    } else {
      for (let k = 0; k < len; k++) store<f64>(v + (<usize>k << 3), 0.0);
      alpha = load<f64>(at(s, FIRE_ASTART));
      dt *= load<f64>(at(s, FIRE_FDEC));
      count = 0.0;
    }
  }
  let dr2: f64 = 0.0;
  for (let k = 0; k < len; k++) {
    const o = <usize>k << 3;
    const vk = load<f64>(v + o) + dt * load<f64>(f + o);
    store<f64>(v + o, vk);
    dr2 += (dt * vk) * (dt * vk);
  }
  const maxstep = load<f64>(at(s, FIRE_MAXSTEP));
  const norm = Math.sqrt(dr2);
  const cap = norm > maxstep ? maxstep / norm : 1.0;
  for (let k = 0; k < len; k++) {
    const o = <usize>k << 3;
    store<f64>(x + o, load<f64>(x + o) + (dt * load<f64>(v + o)) * cap);
  }
  store<f64>(at(s, FIRE_DT), dt);
  store<f64>(at(s, FIRE_ALPHA), alpha);
  store<f64>(at(s, FIRE_COUNT), count);
}

/** Largest Euclidean norm among n rows of 3 (max |F_i|, eV/Å). */
export function maxRowNorm(n: i32, f: usize): f64 {
  let m: f64 = 0.0;
  for (let i = 0; i < n; i++) {
    const p = f + <usize>i * 24;
    const x = load<f64>(p), y = load<f64>(p, 8), z = load<f64>(p, 16);
    const q = x * x + y * y + z * z;
    if (q > m) m = q;
  }
  return Math.sqrt(m);
}
