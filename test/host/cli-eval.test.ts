// `campjs eval`: evaluation, metrics, output files and the command line, driven by a small
// analytic calculator (test/support/fake-calculator.ts); the real model once, end to end.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Atoms } from '../../host/atoms.js';
import { evaluateFrames, evalMetrics, formatEvalOutput, run, type EvalDeps } from '../../host/cli/eval.js';
import { UsageError } from '../../host/cli/args.js';
import { formatExtxyz, parseExtxyz } from '../../host/io/extxyz.js';
import type { StructureFrame } from '../../host/io/frame.js';
import { FakePairCalculator } from '../support/fake-calculator.js';
import { needsShared, readSharedJson, sharedPath } from '../support/shared.js';

// A periodic triclinic frame with water-like atoms, and a molecule.
const CRYSTAL: Atoms = {
  numbers: [8, 1, 1, 8],
  positions: Float64Array.from([0.1, 0.2, 0.1, 0.95, 0.3, 0.0, -0.2, 1.1, 0.3, 1.6, 1.9, 1.4]),
  cell: Float64Array.from([3.2, 0.1, 0, 0.4, 3.0, 0.2, -0.3, 0.1, 3.4]),
  pbc: [true, true, true],
};
const MOLECULE: Atoms = { numbers: [8, 1, 1], positions: Float64Array.from([0, 0, 0, 0.96, 0, 0, -0.24, 0.93, 0]), cell: null, pbc: [false, false, false] };
const frame = (atoms: Atoms, labels: Partial<StructureFrame> = {}): StructureFrame => ({ atoms, info: {}, arrays: {}, ...labels });

test('the fake calculator\'s forces and stress are derivatives of its energy (h = 1e-5 Å, tolerance 1e-7)', () => {
  const calc = new FakePairCalculator();
  for (const atoms of [CRYSTAL, MOLECULE]) {
    const r = calc.compute(atoms);
    assert.ok(r.edges > 0);
    const h = 1e-5;
    for (let k = 0; k < atoms.positions.length; k++) {
      const shifted = (d: number) => {
        const positions = atoms.positions.slice();
        positions[k] += d;
        return calc.compute({ ...atoms, positions }).energy;
      };
      const fd = -(shifted(h) - shifted(-h)) / (2 * h);
      assert.ok(Math.abs(fd - r.forces![k]) < 1e-7, `force ${k}: ${r.forces![k]} vs finite difference ${fd}`);
    }
    if (!atoms.cell) {
      assert.equal(r.stress, null);
      continue;
    }
    // σ_ab = (1/V) ∂E/∂ε_ab under a symmetric strain of cell and positions
    const volume = 3.2 * (3.0 * 3.4 - 0.2 * 0.1) - 0.1 * (0.4 * 3.4 + 0.2 * 0.3) + 0 * 0;
    const voigt: [number, number][] = [[0, 0], [1, 1], [2, 2], [1, 2], [0, 2], [0, 1]];
    voigt.forEach(([a, b], v) => {
      const strained = (e: number) => {
        const apply = (x: Float64Array) => {
          const out = x.slice();
          for (let i = 0; i < x.length; i += 3) {
            out[i + a] += (e / (a === b ? 1 : 2)) * x[i + b];
            if (a !== b) out[i + b] += (e / 2) * x[i + a];
          }
          return out;
        };
        return calc.compute({ ...atoms, positions: apply(atoms.positions), cell: apply(atoms.cell!) }).energy;
      };
      const fd = (strained(h) - strained(-h)) / (2 * h) / volume;
      assert.ok(Math.abs(fd - r.stress![v]) < 1e-7, `stress ${v}: ${r.stress![v]} vs finite difference ${fd}`);
    });
  }
});

test('evaluateFrames: results in order, precision passed on, progress per frame, unknown elements refused after the frames before them', () => {
  const calc = new FakePairCalculator();
  const seen: number[] = [];
  const out = evaluateFrames(calc, [frame(CRYSTAL), frame(MOLECULE)], { precision: 'f32', onFrame: (i) => seen.push(i) });
  assert.deepEqual(seen, [0, 1]);
  assert.equal(out[0].result.energy, new FakePairCalculator().compute(CRYSTAL).energy);
  assert.equal(out[1].frame.atoms, MOLECULE);
  assert.deepEqual(calc.calls, [{ forces: true, precision: 'f32' }, { forces: true, precision: 'f32' }]);
  const waterOnly = new FakePairCalculator({ atomicNumbers: [1, 8] });
  const salt = frame({ ...MOLECULE, numbers: [8, 1, 17] });
  const before: number[] = [];
  assert.throws(() => evaluateFrames(waterOnly, [frame(MOLECULE), salt], { onFrame: (i) => before.push(i) }), /^Error: frame 1: the model does not know Cl \(Z=17\); it supports H, O$/);
  assert.deepEqual(before, [0], 'the frames before the bad one are evaluated and reported');
  assert.equal(waterOnly.calls.length, 1, 'the bad frame is not computed');
});

test('evalMetrics: errors against the labels in meV/atom and meV/Å', () => {
  const calc = new FakePairCalculator();
  const exact = [CRYSTAL, MOLECULE].map((a) => calc.compute(a));
  const labelled = [
    frame(CRYSTAL, { energy: exact[0].energy - 0.004, forces: exact[0].forces!.map((f) => f + 0.002) }), // ΔE/N = +1 meV, ΔF = −2 meV/Å
    frame(MOLECULE, { energy: exact[1].energy + 0.009 }), // ΔE/N = −3 meV, no force labels
  ];
  const m = evalMetrics(evaluateFrames(calc, labelled));
  const near = (x: number, y: number) => assert.ok(Math.abs(x - y) < 1e-9, `${x} ≠ ${y} ± 1e-9`);
  near(m.energy!.mae, 2);
  near(m.energy!.rmse, Math.sqrt(5));
  near(m.forces!.mae, 2);
  near(m.forces!.rmse, 2);
  assert.equal(m.forces!.count, 12);
  assert.deepEqual(evalMetrics(evaluateFrames(calc, [frame(MOLECULE)])), { energy: null, forces: null });
});

test('output files: ASE extxyz with results and REF_ labels, or results JSON; both exact', () => {
  const calc = new FakePairCalculator();
  const labels = { energy: -30.5, forces: new Float64Array(12).fill(0.125), stress: Float64Array.from([1, 2, 3, 4, 5, 6]) };
  const evaluated = evaluateFrames(calc, [frame(CRYSTAL, { ...labels, info: { step: 4 } }), frame(MOLECULE)]);
  const back = parseExtxyz(formatEvalOutput(evaluated, 'out.extxyz'), 'out.extxyz');
  evaluated.forEach(({ result }, i) => {
    assert.equal(back[i].energy, result.energy);
    assert.deepEqual(back[i].energies, result.energies);
    assert.deepEqual(back[i].forces, result.forces);
    assert.deepEqual(back[i].stress, result.stress ?? undefined);
    assert.deepEqual(back[i].atoms.positions, evaluated[i].frame.atoms.positions);
  });
  assert.deepEqual(back[0].info, { step: 4, REF_energy: -30.5, REF_stress: [1, 2, 3, 4, 5, 6] });
  assert.deepEqual(back[0].arrays.REF_forces, { type: 'R', width: 3, values: labels.forces });
  assert.deepEqual(back[1].info, {});
  assert.equal(formatEvalOutput(evaluated, 'OUT.XYZ'), formatEvalOutput(evaluated, 'out.extxyz'));

  const json = JSON.parse(formatEvalOutput(evaluated, 'out.json')) as { frames: { energy: number; energies: number[]; forces: number[][]; stress: number[] | null }[] };
  assert.equal(json.frames.length, 2);
  evaluated.forEach(({ result }, i) => {
    const f = json.frames[i];
    assert.equal(f.energy, result.energy);
    assert.deepEqual(f.energies, Array.from(result.energies));
    assert.deepEqual(f.forces.flat(), Array.from(result.forces!));
    assert.equal(f.forces[0].length, 3);
    assert.deepEqual(f.stress, result.stress ? Array.from(result.stress) : null);
  });
  assert.equal(json.frames[1].stress, null);
  assert.throws(() => formatEvalOutput(evaluated, 'out.cif'), /output out\.cif: unknown format; use \.xyz\/\.extxyz \(extended XYZ\) or \.json/);
});

function harness(calc = new FakePairCalculator()) {
  const printed: string[] = [];
  const loads: { bytes: number; weights: string; file: string }[] = [];
  const deps: EvalDeps = {
    async loadModel(bytes, opts) {
      loads.push({ bytes: bytes.length, ...opts });
      return calc;
    },
    print: (line) => printed.push(line),
  };
  return { deps, printed, loads, calc };
}

test('run: reads, evaluates, prints a table and metrics, writes the output', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'campjs-eval-'));
  const model = join(dir, 'm.campjs');
  writeFileSync(model, Uint8Array.from([1, 2, 3]));
  const exact = new FakePairCalculator().compute(CRYSTAL);
  const input = join(dir, 'in.xyz');
  writeFileSync(input, formatExtxyz([frame(CRYSTAL, { energy: exact.energy + 0.04, forces: exact.forces }), frame(MOLECULE)]));
  const { deps, printed, loads, calc } = harness();
  const out = join(dir, 'out.json');
  assert.equal(await run(['--model', model, input, '--precision', 'f32', '--weights', 'raw', '-o', out], deps), 0);
  assert.deepEqual(loads, [{ bytes: 3, weights: 'raw', file: 'm.campjs' }]);
  assert.deepEqual(calc.calls.map((c) => c.precision), ['f32', 'f32']);
  assert.match(printed[0], /frame +atoms +E \(eV\) +E\/atom \(eV\) +max\|F\| \(eV\/Å\) +ΔE \(meV\/atom\) +F MAE \(meV\/Å\)/);
  assert.match(printed[1], new RegExp(`^ +0 +4 +${exact.energy.toFixed(6)} .* -10\\.000 +0\\.00$`));
  assert.match(printed[2], /^ +1 +3 .* - +-$/);
  assert.deepEqual(printed.slice(3), [
    '2 frames, 7 atoms',
    'energy MAE 10.000 meV/atom, RMSE 10.000 meV/atom (1 frames)',
    'forces MAE 0.000 meV/Å, RMSE 0.000 meV/Å (12 components)',
    `wrote ${out}`,
  ]);
  assert.equal(JSON.parse(readFileSync(out, 'utf8')).frames.length, 2);

  const quiet = harness();
  assert.equal(await run(['--model', model, input, '-q'], quiet.deps), 0);
  assert.deepEqual(quiet.printed.slice(0, 1), ['2 frames, 7 atoms']);
  assert.deepEqual(quiet.loads[0].weights, 'ema');
  assert.deepEqual(quiet.calc.calls.map((c) => c.precision), ['f64', 'f64']);
});

test('run: usage errors are UsageErrors naming the problem; bad values throw before the model loads', async () => {
  const cases: Array<[string[], RegExp]> = [
    [[], /^eval: give exactly one structure file$/], // no --model is the built-in model (default-model-cli.test.ts)
    [['--model', 'm.ckpt'], /^eval: give exactly one structure file$/],
    [['--model', 'm.ckpt', 'a.xyz', 'b.xyz'], /^eval: give exactly one structure file$/],
    [['--model', 'm.ckpt', 'a.xyz', '--bogus'], /^eval: unknown option --bogus$/],
  ];
  for (const [args, message] of cases) {
    const h = harness();
    await assert.rejects(run(args, h.deps), (e: Error) => e instanceof UsageError && message.test(e.message), args.join(' '));
    assert.deepEqual(h.printed, []);
    assert.equal(h.loads.length, 0);
  }
  const help = harness();
  assert.equal(await run(['--help'], help.deps), 0);
  assert.match(help.printed[0], /--precision f64\|f32/);
  const h = harness();
  await assert.rejects(run(['--model', 'm.ckpt', 'a.xyz', '--precision', 'f16'], h.deps), /--precision: 'f16' must be f64 or f32/);
  await assert.rejects(run(['--model', 'm.ckpt', 'a.xyz', '--weights', 'best'], h.deps), /weights must be 'ema' or 'raw', not 'best'/);
  await assert.rejects(run(['--model', 'm.ckpt', 'a.xyz', '-o', 'out.txt'], h.deps), /-o out\.txt: campjs writes extended XYZ or results JSON here, which '\.txt' does not say; give it a \.xyz or a \.extxyz or a \.json name/);
  await assert.rejects(run(['--model', 'm.ckpt', join(tmpdir(), 'campjs-no-such-file.xyz')], h.deps), /ENOENT/);
  assert.equal(h.loads.length, 0);

  const dir = mkdtempSync(join(tmpdir(), 'campjs-eval-'));
  writeFileSync(join(dir, 'm.ckpt'), '');
  writeFileSync(join(dir, 'salt.xyz'), '2\n\nNa 0 0 0\nCl 0 0 2.4\n');
  const water = harness(new FakePairCalculator({ atomicNumbers: [1, 8] }));
  await assert.rejects(run(['--model', join(dir, 'm.ckpt'), join(dir, 'salt.xyz')], water.deps), /frame 0: the model does not know Na \(Z=11\)/);
  assert.deepEqual(water.printed, [], 'no table header before the error');
});

test('run with the real water model on liquid-64 matches the PyTorch reference (1e-6 eV, 1e-6 eV/Å)', needsShared, async () => {
  const md = readSharedJson<{ initial: { energy: number; forces: number[][] } }>('reference/md/md_water64_nve_500x0.5fs.json');
  const out = join(mkdtempSync(join(tmpdir(), 'campjs-eval-')), 'liquid.json');
  const printed: string[] = [];
  const code = await run(['--model', sharedPath('models', 'water.ckpt'), sharedPath('data', 'liquid-64.xyz'), '-o', out], {
    loadModel: async (bytes, opts) => (await import('../../host/api.js')).loadModel(bytes, opts),
    print: (line) => printed.push(line),
  });
  assert.equal(code, 0);
  const [result] = (JSON.parse(readFileSync(out, 'utf8')) as { frames: { energy: number; forces: number[][]; stress: number[] }[] }).frames;
  assert.ok(Math.abs(result.energy - md.initial.energy) < 1e-6, `E = ${result.energy}, reference ${md.initial.energy}`);
  const dF = Math.max(...result.forces.flat().map((f, k) => Math.abs(f - md.initial.forces.flat()[k])));
  assert.ok(dF < 1e-6, `max |ΔF| = ${dF} eV/Å`);
  assert.equal(result.stress.length, 6);
  assert.equal(printed[printed.length - 2], '1 frames, 192 atoms');
});
