// Picks the starting structure of a run from a structure file's bytes (extended XYZ, whose
// momenta or velocities give initial velocities, or CAMP dataset JSON). Platform-neutral.
import type { StructureFrame } from '../io/frame.js';
import { readStructures } from '../io/read-structures.js';

export interface InputStructure {
  readonly frame: StructureFrame;
  /** 0-based index of the frame used. */
  readonly index: number;
  readonly frames: number;
}

/** Frame `index` of the file (negative counts from the end, as ASE: −1 is the last). */
export function readInputStructure(bytes: Uint8Array, file: string, index = -1): InputStructure {
  const frames = readStructures(bytes, file);
  const i = index < 0 ? frames.length + index : index;
  if (!Number.isInteger(index) || i < 0 || i >= frames.length) {
    throw new Error(`${file}: frame ${index} does not exist (the file has ${frames.length} frame${frames.length === 1 ? '' : 's'})`);
  }
  return { frame: frames[i], index: i, frames: frames.length };
}
