// What an MD run writes: trajectory frames (extended XYZ, through host/io) and thermo CSV rows.
// Text only; the CLI decides where it goes. Numbers are the shortest decimals that read back
// as the same doubles.
import { defaultMasses } from '../elements.js';
import type { StructureFrame } from '../io/frame.js';
import { formatExtxyzFrame } from '../io/extxyz.js';
import type { MD, Thermo } from './md.js';

/** The current state as a frame: positions, cell, velocities (Å/fs), energy, forces, stress. */
export function mdFrame(md: MD): StructureFrame {
  const atoms = md.atoms;
  const t = md.thermo();
  const defaults = defaultMasses(atoms.numbers);
  const customMasses = atoms.masses?.some((m, i) => m !== defaults[i]);
  const stress = md.stress;
  return {
    atoms: customMasses ? atoms : { ...atoms, masses: undefined },
    info: { step: t.step, time_fs: t.time, temperature_K: t.temperature },
    arrays: {},
    energy: md.energy,
    energies: md.energies,
    forces: md.forces,
    ...(stress && { stress }),
  };
}

/** One trajectory frame as extended XYZ text; velocities as ASE's `momenta` column, so ase.io.read sees them (T ≠ 0). */
export function formatMdFrame(md: MD): string {
  return formatExtxyzFrame(mdFrame(md), md.step);
}

export const THERMO_HEADER = 'step,time_fs,Epot_eV,Ekin_eV,Etot_eV,T_K,P_GPa,volume_A3';

/** A thermo CSV row (no newline); pressure and volume are empty when undefined. */
export function formatThermoRow(t: Thermo): string {
  const x = (v: number | null) => (v === null ? '' : String(v));
  return [t.step, x(t.time), x(t.epot), x(t.ekin), x(t.etot), x(t.temperature), x(t.pressure), x(t.volume)].join(',');
}
