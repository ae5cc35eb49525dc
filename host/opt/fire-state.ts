// The FIRE minimiser's state record (layout FIRE of scripts/layouts/table.mjs, read and updated
// by fireStep in assembly/md/fire.ts), filled by field name rather than by position.
import { FIRE } from '../generated/layouts.js';

/** ASE's FIRE constants: Nmin, finc, fdec, αstart, fα. */
const N_MIN = 5, F_INC = 1.1, F_DEC = 0.5, A_START = 0.1, F_A = 0.99;

/** Initial state: dt and dtMax in ASE's time units, maxStep in Å; α = αstart, not yet started. */
export function initialFireState(dt: number, dtMax: number, maxStep: number): Float64Array {
  const s = new Float64Array(FIRE.SIZE);
  s[FIRE.DT] = dt;
  s[FIRE.ALPHA] = A_START;
  s[FIRE.COUNT] = 0;
  s[FIRE.STARTED] = 0;
  s[FIRE.DTMAX] = dtMax;
  s[FIRE.NMIN] = N_MIN;
  s[FIRE.FINC] = F_INC;
  s[FIRE.FDEC] = F_DEC;
  s[FIRE.ASTART] = A_START;
  s[FIRE.FA] = F_A;
  s[FIRE.MAXSTEP] = maxStep;
  return s;
}
