// Sorts atoms into the planned bins (a stable counting sort: inside a bin atoms stay in index
// order) and records each atom's wrap offset W, the whole cells removed to bring it into the
// cell along periodic axes. The scan's prefilter reads atoms slot by slot, so their wrapped
// positions x - W·cell are stored in slot order for contiguous access.
import {
  H_ORIGIN, H_SCALE, I_NB, I_NBINS, I_PBC, hf, hi,
  atomWrapAt, atomBinAt, slotAtomAt, slotNearAt, binStartAt,
} from "./layout";
import { fractional } from "./plan";
import { wrappedComponent } from "./pair";

// @ts-ignore: decorator
@inline function binOf(s: usize, atomBin: usize, i: i32): i32 {
  const b = atomBin + <usize>i * 12;
  return (load<i32>(b) * hi(s, I_NB + 1) + load<i32>(b, 4)) * hi(s, I_NB + 2) + load<i32>(b, 8);
}

/** Fills the per-atom, per-slot and per-bin arrays of `scratch` for a planned search. */
export function binAtoms(n: i32, pos: usize, cell: usize, scratch: usize): void {
  const s = scratch;
  const pbc = hi(s, I_PBC);
  const nbins = hi(s, I_NBINS);
  const atomWrap = atomWrapAt(s), atomBin = atomBinAt(s, n);
  const slotAtom = slotAtomAt(s, n), slotNear = slotNearAt(s, n);
  const binStart = binStartAt(s, n);

  for (let b = 0; b <= nbins; b++) store<i32>(binStart + (<usize>b << 2), 0);
  for (let i = 0; i < n; i++) {
    const p = pos + <usize>i * 24;
    for (let a = 0; a < 3; a++) {
      const f = fractional(s, p, a);
      let w: f64 = 0, u: f64;
      if ((pbc >> a) & 1) {
        w = floor<f64>(f);
        u = (f - w) * hf(s, H_SCALE + a);
      } else {
        u = (f - hf(s, H_ORIGIN + a)) * hf(s, H_SCALE + a);
      }
      // A coordinate rounded onto the far edge belongs to the last bin.
      const last = <f64>(hi(s, I_NB + a) - 1);
      const b = <i32>min<f64>(max<f64>(floor<f64>(u), 0), last);
      store<i32>(atomWrap + <usize>i * 12 + (<usize>a << 2), <i32>w);
      store<i32>(atomBin + <usize>i * 12 + (<usize>a << 2), b);
    }
    const at = binStart + (<usize>(binOf(s, atomBin, i) + 1) << 2);
    store<i32>(at, load<i32>(at) + 1);
  }
  for (let b = 0; b < nbins; b++) {
    const at = binStart + (<usize>(b + 1) << 2);
    store<i32>(at, load<i32>(at) + load<i32>(at - 4));
  }
  // Place atoms using binStart[b] as a cursor, then shift the starts back into place.
  for (let i = 0; i < n; i++) {
    const at = binStart + (<usize>binOf(s, atomBin, i) << 2);
    const slot = load<i32>(at);
    store<i32>(at, slot + 1);
    store<i32>(slotAtom + (<usize>slot << 2), i);
    const p = pos + <usize>i * 24, w = atomWrap + <usize>i * 12;
    const w0 = <f64>load<i32>(w), w1 = <f64>load<i32>(w, 4), w2 = <f64>load<i32>(w, 8);
    const u = slotNear + <usize>slot * 24;
    store<f64>(u, wrappedComponent(load<f64>(p), w0, w1, w2, load<f64>(cell), load<f64>(cell, 24), load<f64>(cell, 48)));
    store<f64>(u, wrappedComponent(load<f64>(p, 8), w0, w1, w2, load<f64>(cell, 8), load<f64>(cell, 32), load<f64>(cell, 56)), 8);
    store<f64>(u, wrappedComponent(load<f64>(p, 16), w0, w1, w2, load<f64>(cell, 16), load<f64>(cell, 40), load<f64>(cell, 64)), 16);
  }
  for (let b = nbins; b > 0; b--) store<i32>(binStart + (<usize>b << 2), load<i32>(binStart + (<usize>(b - 1) << 2)));
  store<i32>(binStart, 0);
}
