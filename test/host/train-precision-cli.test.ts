// `campjs fit --precision f32|f64` through the CLI on a tiny CAMP architecture: f32 training
// (f32 predictions and the f32 gradient core) is the same bits run to run, differs from f64,
// stays close to it after a few steps, and a bad value is refused naming the option.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { needsBuild, runCli } from '../support/cli.js';
import { loadCampModel } from '../../host/model/load.js';

const dir = mkdtempSync(join(tmpdir(), 'campjs-fit-precision-'));
const at = (name: string) => join(dir, name);

function water(k: number): string {
  const s = 0.05 * k;
  const rows = [['O', 0, 0, 0], ['H', 0.96 + s, 0, 0], ['H', -0.24, 0.93 - s, 0.1 * s]].map(([e, x, y, z]) => `${e} ${x} ${y} ${z} ${0.3 - s} ${-0.2 + s} ${0.1 * k}`);
  return `3\nProperties=species:S:1:pos:R:3:forces:R:3 energy=${-14.2 + 0.1 * k} pbc="F F F"\n${rows.join('\n')}\n`;
}
writeFileSync(at('train.extxyz'), Array.from({ length: 6 }, (_, k) => water(k)).join(''));
writeFileSync(at('tiny.yaml'), [
  'model:', '  max_u: 2', '  max_v: 2', '  num_layers: 2', '  max_chebyshev_degree: 3', '  radial_mlp_hidden_layers: [4]', '  output_mlp_hidden_layers: [3]',
  'data:', '  r_cut: 3.0', '  train_batch_size: 2', 'seed_everything: 3', 'optimizer:', '  init_args:', '    lr: 0.001', '',
].join('\n'));

function fit(precision: string, out: string) {
  return runCli(['fit', '--train', at('train.extxyz'), '--valid-fraction', '0.34', '-q', '--config', at('tiny.yaml'), '--epochs', '2', '--precision', precision, '-o', at(out)]);
}

test('fit --precision f32: same bits twice, not the f64 bits, within f32 rounding of them', needsBuild, () => {
  for (const [p, out] of [['f32', 'a.campjs'], ['f32', 'b.campjs'], ['f64', 'c.campjs']]) assert.equal(fit(p, out).status, 0, `${p} ${out}`);
  const a = loadCampModel(readFileSync(at('a.campjs'))), b = loadCampModel(readFileSync(at('b.campjs'))), c = loadCampModel(readFileSync(at('c.campjs')));
  for (const [name, t] of a.tensors) assert.deepEqual(b.tensors.get(name)!.data, t.data, `f32 runs differ in ${name}`);
  let diff = 0, norm = 0;
  for (const [name, t] of c.tensors) {
    const x = a.tensors.get(name)!.data;
    t.data.forEach((v, k) => {
      diff += (Number(x[k]) - Number(v)) ** 2;
      norm += Number(v) ** 2;
    });
  }
  // 8 Adam steps of lr 1e-3 move each weight by ≲ 8e-3; f32 rounding and f32 gradients move them far less.
  assert.ok(diff > 0, 'f32 and f64 training gave the same weights');
  assert.ok(Math.sqrt(diff / norm) < 1e-3, `f32 weights differ from f64 ones by ${Math.sqrt(diff / norm)} relative`);
});

test('fit --precision f16 is refused naming the option', needsBuild, () => {
  const r = fit('f16', 'bad.campjs');
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /--precision: 'f16' must be f64 or f32/);
});
