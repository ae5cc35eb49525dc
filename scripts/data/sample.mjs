// The configurations of one system (before labelling): xtb MD frames at several temperatures,
// random displacements, uniform compressions and close contacts of the relaxed geometry, each
// drawn from the system's own seeded streams. Compressions and contacts put pairs well inside
// their bond lengths, so a model trained on them learns to repel there.
import { PLAN } from './plan.mjs';
import { createRng } from './rng.mjs';
import { AMU_ME, COVALENT_RADIUS, KB_HARTREE, MASS_AMU } from './units.mjs';
import { md } from './xtb.mjs';
import { rounded } from './xyz.mjs';

/** @typedef {import('./xyz.mjs').Atoms} Atoms */
/** @typedef {{ atoms: Atoms, info: Record<string, string> }} Configuration */

/** Maxwell–Boltzmann velocities at `temperature` K (Bohr per atomic time unit), zero total momentum. */
function maxwellBoltzmann(atoms, temperature, rng) {
  const masses = atoms.symbols.map((s) => MASS_AMU[s] * AMU_ME);
  const v = masses.map((m) => [0, 1, 2].map(() => Math.sqrt((KB_HARTREE * temperature) / m) * rng.normal()));
  const total = masses.reduce((a, m) => a + m, 0);
  for (let c = 0; c < 3; c++) {
    const vcm = v.reduce((a, vi, i) => a + masses[i] * vi[c], 0) / total;
    for (const vi of v) vi[c] -= vcm;
  }
  return v;
}

/** The smallest ratio of a pair distance to the sum of its covalent radii. */
function minPairRatio({ symbols: s, positions: p }) {
  let min = Infinity;
  for (let j = 0; j < s.length; j++) for (let i = 0; i < j; i++) min = Math.min(min, dist(p[i], p[j]) / (COVALENT_RADIUS[s[i]] + COVALENT_RADIUS[s[j]]));
  return min;
}

/** `draw()` again until no pair is inside PLAN.pairFloor; the draws come from a seeded stream, so the result is fixed. */
function withinFloor(draw, what) {
  for (let k = 0; k < PLAN.maxRedraws; k++) {
    const c = draw();
    if (minPairRatio(c.atoms) >= PLAN.pairFloor) return c;
  }
  throw new Error(`${what}: no draw in ${PLAN.maxRedraws} kept every pair beyond ${PLAN.pairFloor} × its covalent radii`);
}

const map = (atoms, f) => rounded({ symbols: atoms.symbols, positions: atoms.positions.map((p, i) => f(p, i)) });
const dist = (a, b) => Math.sqrt((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2 + (a[2] - b[2]) ** 2);

function mdFrames(system, start, seed) {
  const out = [];
  for (const temperature of PLAN.mdTemperatures[system.kind]) {
    const rng = createRng(seed, `${system.name}:md:${temperature}`);
    const timePs = (PLAN.mdWarmupFs + PLAN.mdFrames * PLAN.mdDumpFs) / 1000;
    const frames = md(start, maxwellBoltzmann(start, temperature, rng),
      { temperature, timePs, stepFs: PLAN.mdStepFs, dumpFs: PLAN.mdDumpFs }, `${system.name}: xtb --md at ${temperature} K`);
    if (frames.length < PLAN.mdFrames) throw new Error(`${system.name}: xtb --md at ${temperature} K dumped ${frames.length} frames, expected ≥ ${PLAN.mdFrames}`);
    for (const f of frames.slice(-PLAN.mdFrames)) out.push({ atoms: rounded(f), info: { config: `md${temperature}K` } });
  }
  return out;
}

function displaced(system, start, seed) {
  const rng = createRng(seed, `${system.name}:displace`);
  return PLAN.displacementSigmas.map((sigma) => withinFloor(() => ({
    atoms: map(start, (p) => p.map((x) => x + sigma * rng.normal())), info: { config: `displace${sigma}` },
  }), `${system.name}: displacement ${sigma} Å`));
}

function compressed(system, start, seed) {
  const rng = createRng(seed, `${system.name}:compress`);
  const n = start.positions.length;
  const c = [0, 1, 2].map((k) => start.positions.reduce((a, p) => a + p[k], 0) / n);
  return PLAN.compressionFactors.map((f) => ({
    atoms: map(start, (p) => p.map((x, k) => c[k] + f * (x - c[k]) + 0.02 * rng.normal())), info: { config: `compress${f}` },
  }));
}

/** Close contacts, each from a 300 K MD frame (varied surroundings), one atom moved towards a near neighbour. */
function contacts(system, mdSet, seed) {
  const rng = createRng(seed, `${system.name}:contact`);
  const [lo, hi] = PLAN.contactRange;
  const out = [];
  for (let k = 0; k < PLAN.contactFrames; k++) {
    const base = mdSet[k % mdSet.length].atoms;
    const { symbols: s, positions: p } = base;
    out.push(withinFloor(() => {
      const i = rng.integer(s.length);
      const near = p.map((q, j) => j).filter((j) => j !== i).sort((a, b) => dist(p[i], p[a]) - dist(p[i], p[b]) || a - b);
      const j = near[rng.integer(Math.min(3, near.length))];
      const f = lo + (hi - lo) * rng.uniform();
      const target = f * (COVALENT_RADIUS[s[i]] + COVALENT_RADIUS[s[j]]);
      const d = dist(p[i], p[j]);
      const moved = d <= target ? p[i] : p[j].map((x, c) => x + ((p[i][c] - x) * target) / d);
      return { atoms: map(base, (q, a) => (a === i ? moved : q)), info: { config: 'contact', pair: `${s[i]}${i}-${s[j]}${j}`, f: f.toFixed(3) } };
    }, `${system.name}: contact ${k}`));
  }
  return out;
}

/** Every configuration of `system` from its relaxed geometry `start`, in a fixed order. */
export function sampleConfigurations(system, start, seed) {
  const mdSet = mdFrames(system, start, seed);
  return [...mdSet, ...displaced(system, start, seed), ...compressed(system, start, seed), ...contacts(system, mdSet, seed)];
}
