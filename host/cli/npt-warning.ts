// NPT's default compressibility (4.57e-5 1/bar) is liquid water's; for anything else the
// barostat then relaxes the volume at the wrong rate (Berendsen-style coupling scales with β_T).

/** H and O only: the systems for which the default is a fair value. */
const WATER_ELEMENTS = new Set([1, 8]);

/** A warning when npt runs with the default compressibility on a system that is not water; else null. */
export function defaultCompressibilityWarning(ensemble: string, compressibilityGiven: boolean, numbers: ArrayLike<number>): string | null {
  if (ensemble !== 'npt' || compressibilityGiven) return null;
  if (Array.from(numbers).every((z) => WATER_ELEMENTS.has(z))) return null;
  return 'warning: npt uses the default --compressibility 4.57e-5 1/bar, which is liquid water\'s; this system is not water (it has elements other than H and O), so give its own (e.g. about 1e-6 for a metal or ceramic)';
}
