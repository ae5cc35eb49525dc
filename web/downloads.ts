// What the app lets you save: the trajectory (extended XYZ: positions, velocities as momenta,
// energy, forces per frame, as `campjs md --traj` writes), the thermo CSV (`--log`), the
// receipt, the final structure and trained models. Files are made in the page and handed to
// the browser as downloads; nothing is uploaded anywhere.
import { formatExtxyzFrame } from '../host/io/extxyz.js';
import { formatThermoRow, THERMO_HEADER } from '../host/md/output.js';
import type { StructureFrame } from '../host/io/frame.js';
import type { Atoms } from '../host/atoms.js';
import type { MdFrame } from '../host/worker/protocol.js';
import type { Thermo } from '../host/md/md.js';
import { defaultMasses } from '../host/elements.js';

/** Offers bytes or text as a file download. */
export function download(name: string, content: Uint8Array | string, type = 'application/octet-stream'): void {
  const blob = new Blob([typeof content === 'string' ? content : content.slice().buffer as ArrayBuffer], { type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The frames of a run, kept for the trajectory and thermo files. */
export class RunRecord {
  private readonly frames: string[] = [];
  private readonly thermo: Thermo[] = [];

  constructor(private readonly base: Atoms) {}

  /** A frame of the run (step 0 first), written as `campjs md --traj` writes it (host/md/output.ts). */
  add(frame: MdFrame): void {
    this.thermo.push(frame.thermo);
    const defaults = defaultMasses(this.base.numbers);
    const customMasses = this.base.masses && Array.from(this.base.masses).some((m, i) => m !== defaults[i]);
    const atoms: Atoms = { ...this.base, positions: frame.positions, ...(frame.velocities && { velocities: frame.velocities }), masses: customMasses ? this.base.masses : undefined };
    const f: StructureFrame = {
      atoms, info: { step: frame.step, time_fs: frame.time, temperature_K: frame.thermo.temperature }, arrays: {},
      energy: frame.thermo.epot, ...(frame.energies && { energies: frame.energies }), ...(frame.forces && { forces: frame.forces }), ...(frame.stress && { stress: frame.stress }),
    };
    this.frames.push(formatExtxyzFrame(f, frame.step));
  }

  get count(): number {
    return this.frames.length;
  }

  trajectory(): string {
    return this.frames.join('');
  }

  thermoCsv(): string {
    return `${THERMO_HEADER}\n${this.thermo.map((t) => `${formatThermoRow(t)}\n`).join('')}`;
  }
}

/** One structure as extended XYZ (the final structure of a run or relaxation). */
export function structureText(atoms: Atoms, info: Record<string, unknown> = {}, energy?: number, forces?: Float64Array): string {
  return formatExtxyzFrame({ atoms: { ...atoms, masses: undefined }, info, arrays: {}, ...(energy !== undefined && { energy }), ...(forces && { forces }) }, 0);
}
