// The structure the app works on: a file's bytes (kept: the receipt records their sha256), its
// frames (extended XYZ or CAMP JSON, read by campjs's own readers) and the frame picked.
import { readStructures } from '../host/io/read-structures.js';
import type { StructureFrame } from '../host/io/frame.js';
import type { Atoms } from '../host/atoms.js';
import { sha256Hex } from '../host/util/sha256.js';
import { symbolOf } from '../host/elements.js';

export class StructureFile {
  readonly sha256: string;
  private constructor(readonly name: string, readonly bytes: Uint8Array, readonly frames: readonly StructureFrame[], public index: number) {
    this.sha256 = sha256Hex(bytes);
  }

  /** Reads every frame; the last one is picked (as `campjs md --frame -1`). Errors name the file and line. */
  static read(name: string, bytes: Uint8Array): StructureFile {
    const frames = readStructures(bytes, name);
    if (frames.length === 0) throw new Error(`${name}: no structures in the file`);
    return new StructureFile(name, bytes, frames, frames.length - 1);
  }

  get atoms(): Atoms {
    return this.frames[this.index].atoms;
  }

  /** "C9H8O4, 21 atoms" */
  describe(): string {
    const counts = new Map<string, number>();
    for (const z of Array.from(this.atoms.numbers)) counts.set(symbolOf(z), (counts.get(symbolOf(z)) ?? 0) + 1);
    const order = [...counts.keys()].sort((a, b) => (a === 'C' ? -1 : b === 'C' ? 1 : a === 'H' ? -1 : b === 'H' ? 1 : a.localeCompare(b)));
    const formula = order.map((s) => `${s}${counts.get(s)! > 1 ? counts.get(s) : ''}`).join('');
    const periodic = this.atoms.pbc?.some(Boolean) ? ', periodic' : '';
    return `${formula}, ${this.atoms.numbers.length} atoms${periodic}`;
  }
}

/** Throws naming the first atom whose element the model lacks (before the worker is asked). */
export function checkModelElements(s: StructureFile, atomicNumbers: readonly number[]): void {
  const n = s.atoms.numbers;
  for (let i = 0; i < n.length; i++) {
    if (!atomicNumbers.includes(n[i])) {
      throw new Error(`${s.name}: atom ${i} is ${symbolOf(n[i])}, an element the model does not know (it knows ${atomicNumbers.map(symbolOf).join(', ')})`);
    }
  }
}
