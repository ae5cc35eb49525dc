// GFN2-xTB (Debian's `xtb` 6.5.1) as the data set's label method: single points with gradient,
// geometry optimisation and MD, each in a fresh scratch directory with --norestart and one
// OpenMP thread, so no call sees another's files and results do not depend on call order. A
// failed call (xtb stops with an error when the SCC does not converge) is an error here.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BOHR_ANG, HARTREE_EV } from './units.mjs';
import { formatXyz, parseXyzFrames } from './xyz.mjs';

// One thread, and OpenBLAS's Haswell kernels on every x86-64 CPU (its default picks by CPU, and
// kernels round differently), so labels do not depend on the machine's core count or model.
const ENV = { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', OPENBLAS_CORETYPE: 'Haswell', MKL_NUM_THREADS: '1', OMP_STACKSIZE: '256M' };

/**
 * Runs `xtb in.xyz ...args` on `atoms` in a scratch directory with `extra` files written first;
 * returns `read(dir)`'s result. `what` names the job in errors, which carry xtb's last output lines.
 */
function withXtb(atoms, args, extra, what, read) {
  const dir = mkdtempSync(join(tmpdir(), 'campjs-xtb-'));
  try {
    writeFileSync(join(dir, 'in.xyz'), formatXyz(atoms));
    for (const [name, text] of Object.entries(extra)) writeFileSync(join(dir, name), text);
    const r = spawnSync('xtb', ['in.xyz', '--norestart', ...args], { cwd: dir, env: ENV, encoding: 'utf8', maxBuffer: 1 << 28 });
    if (r.error) throw new Error(`${what}: cannot run xtb (${r.error.message}); install it with apt-get install xtb`);
    const log = `${r.stdout}\n${r.stderr}`;
    if (r.status !== 0 || !/normal termination of xtb/.test(log)) {
      const lines = log.trim().split('\n');
      const errors = lines.filter((l) => /error|abnormal|not converged/i.test(l)).slice(0, 4);
      const tail = (errors.length ? errors : lines.slice(-8)).join('\n');
      throw new Error(`${what}: xtb ${args.join(' ')} failed (exit ${r.status}):\n${tail}`);
    }
    return read(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The first 2 + 3n numbers of an ORCA-style .engrad file (its `#` comment lines skipped): atom
 * count n, energy (Eh), gradient (Eh/Bohr); the coordinate block after them is not needed.
 */
function engradNumbers(text, n, file) {
  const values = text.split('\n').filter((l) => l.trim() !== '' && !l.trimStart().startsWith('#')).slice(0, 2 + 3 * n).map(Number);
  if (values.length !== 2 + 3 * n || values[0] !== n) throw new Error(`${file}: expected ${n} atoms, energy and ${3 * n} gradient entries`);
  if (!values.every(Number.isFinite)) throw new Error(`${file}: non-numeric or non-finite entry`);
  return values;
}

/** GFN2-xTB energy (eV) and forces (eV/Å) of `atoms` (neutral, closed shell). */
export function singlePoint(atoms, what = 'single point') {
  return withXtb(atoms, ['--grad'], {}, what, (dir) => {
    const n = atoms.symbols.length;
    const v = engradNumbers(readFileSync(join(dir, 'in.engrad'), 'utf8'), n, `${what}: in.engrad`);
    const toForce = -HARTREE_EV / BOHR_ANG; // gradient Eh/Bohr → force eV/Å
    const forces = [];
    for (let i = 0; i < n; i++) forces.push([0, 1, 2].map((c) => v[2 + 3 * i + c] * toForce));
    return { energy: v[1] * HARTREE_EV, forces };
  });
}

/** `atoms` relaxed by `xtb --opt level` (crude … extreme; Å). */
export function optimize(atoms, level = 'normal', what = 'optimisation') {
  return withXtb(atoms, ['--opt', level], {}, what, (dir) => {
    const [frame] = parseXyzFrames(readFileSync(join(dir, 'xtbopt.xyz'), 'utf8'), `${what}: xtbopt.xyz`);
    return { symbols: frame.symbols, positions: frame.positions };
  });
}

/** `x` in Fortran's D22.14 edit format ("  0.18696623138764D+01"): xtb reads mdrestart with a fixed format. */
function fortranD22(x) {
  if (!Number.isFinite(x)) throw new Error(`mdrestart: non-finite value ${x}`);
  const [digits, exp] = Math.abs(x).toExponential(13).split('e'); // d.ddddddddddddd, 14 significant digits
  const e = x === 0 ? 0 : Number(exp) + 1;
  const text = `${x < 0 ? '-' : ''}0.${digits.replace('.', '')}D${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  return text.padStart(22);
}

/**
 * xtb's own MD (velocity Verlet, Berendsen NVT, no SHAKE, real H masses) from `atoms` with the
 * starting `velocities` (Bohr per atomic time unit), given to xtb as an mdrestart file: xtb
 * would otherwise draw them from an unseeded generator, and runs would differ. Returns the
 * dumped frames (Å) of xtb.trj, one per `dumpFs` (the first after `dumpFs`).
 */
export function md(atoms, velocities, { temperature, timePs, stepFs, dumpFs }, what = 'md') {
  const input = ['$md', `   temp=${temperature}`, `   time=${timePs}`, `   dump=${dumpFs}`, `   step=${stepFs}`,
    '   hmass=1', '   shake=0', '   nvt=true', '   restart=true', '   sccacc=2.0', '$end', ''].join('\n');
  const restart = [' -1.0', ...atoms.positions.map((p, i) =>
    [...p.map((x) => x / BOHR_ANG), ...velocities[i]].map(fortranD22).join(''))].join('\n') + '\n';
  return withXtb(atoms, ['--md', '--input', 'md.inp'], { 'md.inp': input, mdrestart: restart }, what, (dir) =>
    parseXyzFrames(readFileSync(join(dir, 'xtb.trj'), 'utf8'), `${what}: xtb.trj`).map((f) => ({ symbols: f.symbols, positions: f.positions })));
}

/** "6.5.1" from `xtb --version`, for the manifest. */
export function xtbVersion() {
  const r = spawnSync('xtb', ['--version'], { encoding: 'utf8' });
  const m = /xtb version (\S+)/.exec(`${r.stdout}`);
  if (!m) throw new Error('cannot run xtb --version; install it with apt-get install xtb');
  return m[1];
}
