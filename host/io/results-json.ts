// JSON of evaluation results, one entry per frame:
//   {"frames":[{"energy":E,"energies":[...],"forces":[[x,y,z],...],"stress":[xx,yy,zz,yz,xz,xy]|null}]}
// eV, eV/Å, eV/Å³ (ASE sign). Numbers are JSON's shortest round-trip decimals.

export interface FrameResult {
  /** Total energy, eV. */
  readonly energy: number;
  /** Per-atom energies, eV. */
  readonly energies: ArrayLike<number>;
  /** Forces, eV/Å, flat N×3 (null/absent when not computed). */
  readonly forces?: ArrayLike<number> | null;
  /** Stress, eV/Å³, Voigt [xx, yy, zz, yz, xz, xy]; null/absent without full pbc. */
  readonly stress?: ArrayLike<number> | null;
}

function finiteList(values: ArrayLike<number>, what: string): number[] {
  return Array.from(values, (x, i) => {
    if (!Number.isFinite(x)) throw new Error(`${what}[${i}] = ${x} is not finite`);
    return x;
  });
}

function rowsOf3(values: number[]): number[][] {
  return Array.from({ length: values.length / 3 }, (_, i) => values.slice(3 * i, 3 * i + 3));
}

/** Results as JSON text, one frame per line. Throws on non-finite numbers (JSON would write null). */
export function formatResultsJson(results: readonly FrameResult[]): string {
  const lines = results.map((r, i) => {
    const where = `frame ${i}`;
    if (!Number.isFinite(r.energy)) throw new Error(`${where}: energy ${r.energy} is not finite`);
    const forces = r.forces ? finiteList(r.forces, `${where}: forces`) : null;
    if (forces && forces.length !== 3 * r.energies.length) throw new Error(`${where}: ${forces.length} force components for ${r.energies.length} atoms`);
    if (r.stress && r.stress.length !== 6) throw new Error(`${where}: stress has ${r.stress.length} values, expected 6`);
    return JSON.stringify({
      energy: r.energy,
      energies: finiteList(r.energies, `${where}: energies`),
      forces: forces && rowsOf3(forces),
      stress: r.stress ? finiteList(r.stress, `${where}: stress`) : null,
    });
  });
  return `{"frames":[\n${lines.join(',\n')}\n]}\n`;
}
