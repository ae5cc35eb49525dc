#!/usr/bin/env node
// The built-in examples (issue 13): xtb-relaxed geometries of three training molecules and a
// water cluster, copied from data/geometries/ to examples/<name>.xyz as extended XYZ for
// `campjs md examples/aspirin.xyz ...`. Provenance: data/README.md.
//   node scripts/data/make-examples.mjs [--geometries data/geometries] [--out examples] [--force]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseOptions, runMain } from './cli-args.mjs';
import { writeOutput } from './files.mjs';
import { parseXyzFrames } from './xyz.mjs';

export const EXAMPLES = ['aspirin', 'ethanol', 'alanine-dipeptide', 'water-16'];

const USAGE = 'make-examples.mjs [--geometries DIR] [--out DIR] [--force]';
const { values } = parseOptions('make-examples', {
  geometries: { type: 'string', default: 'data/geometries' }, out: { type: 'string', default: 'examples' }, force: { type: 'boolean', default: false },
}, USAGE);

runMain('make-examples', () => {
  for (const name of EXAMPLES) {
    const src = join(values.geometries, `${name}.xyz`);
    const [frame] = parseXyzFrames(readFileSync(src, 'utf8'), src);
    const lines = readFileSync(src, 'utf8').split('\n');
    const head = `Properties=species:S:1:pos:R:3 name=${name} source=GFN2-xTB-relaxed pbc="F F F"`;
    const text = [String(frame.symbols.length), head, ...lines.slice(2, 2 + frame.symbols.length)].join('\n') + '\n';
    const out = join(values.out, `${name}.xyz`);
    writeOutput(out, text, values.force);
    console.log(`${out}: ${frame.symbols.length} atoms`);
  }
});
