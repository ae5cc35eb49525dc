// Labels configurations with GFN2-xTB energy and forces, as extended-XYZ frame texts. A
// configuration xtb cannot converge, or one with a force above PLAN.maxForce, is left out and
// reported (deterministically: same inputs, same outcome), never written with a made-up label.
import { PLAN } from './plan.mjs';
import { singlePoint } from './xtb.mjs';
import { formatExtxyzFrame } from './xyz.mjs';

/** @returns {{ frames: { text: string, info: Record<string, string> }[], skipped: string[] }} */
export function labelConfigurations(system, configurations) {
  const frames = [], skipped = [];
  configurations.forEach(({ atoms, info }, index) => {
    const tags = { system: system.name, ...info };
    const what = `${system.name} frame ${index} (${info.config})`;
    let label;
    try {
      label = singlePoint(atoms, what);
    } catch (e) {
      skipped.push(`${what}: ${String(e.message).split('\n')[0]}`);
      return;
    }
    const fmax = Math.max(...label.forces.map((f) => Math.sqrt(f[0] * f[0] + f[1] * f[1] + f[2] * f[2])));
    if (fmax > PLAN.maxForce) {
      skipped.push(`${what}: max |F| ${fmax.toFixed(1)} eV/Å above ${PLAN.maxForce}`);
      return;
    }
    frames.push({ text: formatExtxyzFrame({ atoms, energy: label.energy, forces: label.forces, info: tags }), info: tags });
  });
  return { frames, skipped };
}
