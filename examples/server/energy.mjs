// Energy and forces of one water molecule, the same file in Node, Deno and Bun:
//   node energy.mjs water.ckpt  |  deno run --allow-read energy.mjs water.ckpt  |  bun energy.mjs water.ckpt
import { loadModel } from 'campjs';

const [modelPath = 'water.ckpt'] = process.argv.slice(2);
const calc = await loadModel(modelPath); // a path: read with Deno.readFile or node:fs

const water = { numbers: [8, 1, 1], positions: new Float64Array([0, 0, 0, 0.9572, 0, 0, -0.24, 0.9266, 0]) }; // Å
const { energy, forces } = calc.compute(water, { precision: 'f64' });
console.log(JSON.stringify({ energy, forces: Array.from(forces) })); // eV, eV/Å
