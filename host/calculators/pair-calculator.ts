// A Calculator for pair potentials (Lennard-Jones, Morse) computed in the Wasm core
// (assembly/potentials/pair.ts): energies, forces and stress, bit-identical on every engine.
// Used by tests and by the CLI's `--model lj:...` so MD and optimisation run without CAMP.
import type { Atoms } from '../atoms.js';
import type { Calculator, ComputeOptions, ComputeResult } from '../calculator.js';
import { instantiateCore, type CoreInstance } from '../backends/wasm/wasm.js';
import { Workspace } from '../backends/wasm/workspace.js';
import { checkAtoms } from '../atoms-check.js';
import { pbcMask } from '../geometry.js';
import { sha256Hex } from '../util/sha256.js';
import { formatPairSpec, parsePairSpec, type PairSpec } from './pair-spec.js';
import { checkPairWork } from './pair-bounds.js';

const KIND = { lj: 0, morse: 1 } as const;
const SHIFT = { none: 0, energy: 1, force: 2 } as const;

export class PairCalculator implements Calculator {
  readonly cutoff: number;
  readonly atomicNumbers = null;
  /** sha256 of the canonical spec text: states and receipts name the potential by it, as a model file by its bytes. */
  readonly modelSha256: string;
  private readonly ws: Workspace;

  private constructor(readonly spec: PairSpec, private readonly core: CoreInstance) {
    this.cutoff = spec.cutoff;
    this.modelSha256 = sha256Hex(new TextEncoder().encode(formatPairSpec(spec)));
    this.ws = new Workspace(core);
  }

  /** A calculator for a spec object or its text form (`lj:epsilon=...,sigma=...`). */
  static async create(spec: PairSpec | string): Promise<PairCalculator> {
    return new PairCalculator(typeof spec === 'string' ? parsePairSpec(spec) : spec, await instantiateCore());
  }

  compute(atoms: Atoms, options: ComputeOptions = {}): ComputeResult {
    const n = checkAtoms(atoms, 'pair potential');
    const mask = pbcMask(atoms);
    checkPairWork(this.spec, atoms, n, mask);
    const { ws } = this;
    // Allocate everything first: growing memory would detach views made earlier.
    const pos = ws.buffer('pos', 24 * n).ptr;
    const cell = ws.buffer('cell', 72).ptr;
    const energies = ws.buffer('energies', 8 * n).ptr;
    const forces = ws.buffer('forces', 24 * n).ptr;
    const stress = ws.buffer('stress', 48).ptr;
    const edges = ws.buffer('edges', 4).ptr;
    const f64 = (ptr: number, len: number) => new Float64Array(this.core.memory.buffer, ptr, len);
    f64(pos, 3 * n).set(atoms.positions);
    f64(cell, 9).set(atoms.cell ?? new Float64Array(9));
    const s = this.spec;
    const energy = this.core.exports.pairCompute(KIND[s.kind], s.p0, s.p1, s.p2, s.cutoff, SHIFT[s.shift],
      n, pos, cell, mask, energies, forces, stress, edges);
    const wantStress = options.stress ?? mask === 7;
    return {
      energy,
      energies: f64(energies, n).slice(),
      ...(options.forces !== false && { forces: f64(forces, 3 * n).slice() }),
      stress: wantStress && mask === 7 ? f64(stress, 6).slice() : null,
      edges: new Int32Array(this.core.memory.buffer, edges, 1)[0],
    };
  }
}
