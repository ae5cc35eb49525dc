// The error an MD run stops with when the physics breaks down: it names the step, the kind of
// failure and (where there is one) the atoms, so a user can find the frame that went wrong.
// The MD object keeps the last good state (the step before), see MD.run.

/**
 * non-finite: NaN/Inf in forces, energy, positions or velocities; overlap: a pair below its
 * distance floor; escape: an atom of a molecule far from all others; force: a force above the
 * ceiling; energy-jump: the conserved energy jumped in one step; temperature: T far above the target.
 */
export type MdFailure = 'non-finite' | 'overlap' | 'escape' | 'force' | 'energy-jump' | 'temperature';

/** An atom a failure concerns: 0-based index, element, and what was measured there. */
export interface FailedAtom {
  readonly index: number;
  readonly symbol: string;
  /** |F|, eV/Å, when forces at the failing step are known. */
  readonly force?: number;
}

export class MdError extends Error {
  constructor(
    message: string,
    readonly failure: MdFailure,
    /** Step at which the problem was found (the step being computed). */
    readonly step: number,
    /** 0-based index of the atom concerned, when there is one. */
    readonly atom: number | null,
    /** The atoms concerned (both atoms of a pair), with their forces where known. */
    readonly atoms: readonly FailedAtom[] = [],
    /** Their distance, Å, for overlap failures. */
    readonly distance: number | null = null,
  ) {
    super(message);
    this.name = 'MdError';
  }
}
