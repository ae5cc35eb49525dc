// One edge's geometry in dual arithmetic: length, direction, radial basis (the inference
// kernel's radialBasis, with its r-derivative) and the outer powers of the direction, each
// with its tangent along the displacement direction dx (δr_e = dx_j − dx_i; the cell is fixed).
// Length, direction and their tangents come from the f64 edge vectors and are cast to T, as
// the inference kernel does (assembly/model/edge.ts).
import { GC_VEC, GC_DX, GC_CONSTS } from "../generated/layouts";
import { radialBasis } from "../model/radial";
import { pow3, compOffset } from "../model/plan";
import { tptr } from "./plan";
import { dv, dt, dset } from "./dual";

/** Fills n (3), Qd (nb) and D (ranks 0..maxV stacked) of edge e = (i → j). Plain Q, dQ: scratch. */
export function edgeGeometry<T>(ctx: usize, e: i32, i: i32, j: i32, nb: i32, maxV: i32, Q: usize, dQ: usize, Qd: usize, n: usize, D: usize): void {
  const p = tptr(ctx, GC_VEC) + (<usize>e) * 24;
  const dx = tptr(ctx, GC_DX), pi = dx + (<usize>i) * 24, pj = dx + (<usize>j) * 24;
  const x = load<f64>(p), y = load<f64>(p, 8), z = load<f64>(p, 16);
  const ux = load<f64>(pj) - load<f64>(pi), uy = load<f64>(pj, 8) - load<f64>(pi, 8), uz = load<f64>(pj, 16) - load<f64>(pi, 16);
  const r = Math.sqrt(x * x + y * y + z * z);
  const nx = x / r, ny = y / r, nz = z / r;
  const rt = nx * ux + ny * uy + nz * uz;
  dset<T>(n, 0, <T>nx, <T>((ux - nx * rt) / r));
  dset<T>(n, 1, <T>ny, <T>((uy - ny * rt) / r));
  dset<T>(n, 2, <T>nz, <T>((uz - nz * rt) / r));
  radialBasis<T>(<T>r, <T>load<f64>(tptr(ctx, GC_CONSTS)), nb, Q, dQ);
  for (let k = 0; k < nb; k++) dset<T>(Qd, k, load<T>(Q + (<usize>k) * sizeof<T>()), load<T>(dQ + (<usize>k) * sizeof<T>()) * <T>rt);
  dset<T>(D, 0, <T>1, <T>0);
  for (let v = 1; v <= maxV; v++) {
    const prev = compOffset(v - 1), cur = compOffset(v), m = pow3(v - 1);
    for (let t = 0; t < m; t++) {
      const pv = dv<T>(D, prev + t), pt = dt<T>(D, prev + t);
      for (let c = 0; c < 3; c++) {
        const cv = dv<T>(n, c), ct = dt<T>(n, c);
        dset<T>(D, cur + 3 * t + c, pv * cv, pt * cv + pv * ct);
      }
    }
  }
}
