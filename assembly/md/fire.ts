// FIRE minimiser step (Bitzek et al., PRL 97, 170201 (2006)), the variant ASE's FIRE uses:
// mixing v ← (1−α)v + α|v| f̂ while P = f·v > 0, restart on P ≤ 0, explicit Euler update, and
// the whole displacement capped at maxstep. Works on any flat vector x (atoms, or atoms + cell
// degrees of freedom). State (f64[12] at `s`), laid out by the host:
//   0 dt, 1 α, 2 steps since P ≤ 0, 3 started (0/1),
//   4 dtmax, 5 Nmin, 6 finc, 7 fdec, 8 αstart, 9 fα, 10 maxstep (Å).

export function fireStep(len: i32, x: usize, v: usize, f: usize, s: usize): void {
  let dt = load<f64>(s);
  let alpha = load<f64>(s, 8);
  let count = load<f64>(s, 16);
  if (load<f64>(s, 24) == 0.0) {
    for (let k = 0; k < len; k++) store<f64>(v + (<usize>k << 3), 0.0);
    store<f64>(s, 1.0, 24);
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
      if (count > load<f64>(s, 40)) {
        dt = Math.min(dt * load<f64>(s, 48), load<f64>(s, 32));
        alpha *= load<f64>(s, 72);
      }
      count += 1.0;
    } else {
      for (let k = 0; k < len; k++) store<f64>(v + (<usize>k << 3), 0.0);
      alpha = load<f64>(s, 64);
      dt *= load<f64>(s, 56);
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
  const maxstep = load<f64>(s, 80);
  const norm = Math.sqrt(dr2);
  const cap = norm > maxstep ? maxstep / norm : 1.0;
  for (let k = 0; k < len; k++) {
    const o = <usize>k << 3;
    store<f64>(x + o, load<f64>(x + o) + (dt * load<f64>(v + o)) * cap);
  }
  store<f64>(s, dt);
  store<f64>(s, alpha, 8);
  store<f64>(s, count, 16);
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
