// The error an MD run stops with when the physics breaks down: it names the step, the kind of
// failure and (where there is one) the atom, so a user can find the frame that went wrong.

export type MdFailure = 'non-finite' | 'overlap' | 'escape';

export class MdError extends Error {
  constructor(
    message: string,
    readonly failure: MdFailure,
    /** Step at which the problem was found (the step being computed). */
    readonly step: number,
    /** 0-based index of the atom concerned, when there is one. */
    readonly atom: number | null,
  ) {
    super(message);
    this.name = 'MdError';
  }
}
