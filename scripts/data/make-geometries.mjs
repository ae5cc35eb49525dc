#!/usr/bin/env node
// Step 1 of the data set: the xtb-relaxed starting geometry of every system (molecules.mjs) as
// data/geometries/<name>.xyz. Open Babel's --gen3d is not reproducible (see geometry.mjs), so
// these files are committed and existing ones are kept: only missing ones are made, unless --force.
//   node scripts/data/make-geometries.mjs [--only a,b] [--out data/geometries] [--force]
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseOptions, runMain } from './cli-args.mjs';
import { writeOutput } from './files.mjs';
import { startingGeometry } from './geometry.mjs';
import { DATA_SEED } from './plan.mjs';
import { SYSTEMS, systemNamed } from './molecules.mjs';
import { formatXyz } from './xyz.mjs';

const USAGE = 'make-geometries.mjs [--only name,name] [--out DIR] [--force]';
const { values } = parseOptions('make-geometries', { only: { type: 'string' }, out: { type: 'string', default: 'data/geometries' }, force: { type: 'boolean', default: false } }, USAGE);

runMain('make-geometries', () => {
  const systems = values.only ? values.only.split(',').map(systemNamed) : SYSTEMS;
  for (const system of systems) {
    const path = join(values.out, `${system.name}.xyz`);
    if (existsSync(path) && !values.force) continue;
    const t0 = performance.now();
    const atoms = startingGeometry(system, DATA_SEED);
    const source = system.kind === 'water' ? 'source="water-cluster.mjs; xtb --opt"' : `smiles="${system.smiles}" source="obabel --gen3d; xtb --opt"`;
    writeOutput(path, formatXyz(atoms, `name=${system.name} ${source} method=GFN2-xTB units=Angstrom`), values.force);
    console.log(`${path}: ${atoms.symbols.length} atoms (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  }
});
