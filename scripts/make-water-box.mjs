#!/usr/bin/env node
// Writes examples/water-64.xyz: 64 rigid TIP3P-geometry water molecules (O–H 0.9572 Å,
// H–O–H 104.52°) on a 4×4×4 grid in a cubic 12.4152 Å box (≈ 1.00 g/cm³), each with a seeded
// random orientation. A built-in starting point for `campjs md`; it is not equilibrated.
import { writeFileSync } from 'node:fs';
import { randomRotation } from './random-rotation.mjs';

const L = 12.4152, n = 4, spacing = L / n, rOH = 0.9572, angle = (104.52 * Math.PI) / 180;
let s = 0x2545f491; // xorshift32, seeded: the file is reproducible
const rand = () => ((s ^= s << 13), (s ^= s >>> 17), (s ^= s << 5), (s >>> 0) / 2 ** 32);

const lines = [];
const local = [[rOH * Math.sin(angle / 2), rOH * Math.cos(angle / 2), 0], [-rOH * Math.sin(angle / 2), rOH * Math.cos(angle / 2), 0]];
for (let ix = 0; ix < n; ix++) for (let iy = 0; iy < n; iy++) for (let iz = 0; iz < n; iz++) {
  const o = [(ix + 0.5) * spacing, (iy + 0.5) * spacing, (iz + 0.5) * spacing];
  const R = randomRotation(rand);
  lines.push(['O', ...o]);
  for (const h of local) lines.push(['H', ...[0, 1, 2].map((k) => o[k] + R[k][0] * h[0] + R[k][1] * h[1] + R[k][2] * h[2])]);
}
const fmt = (x) => x.toFixed(8).padStart(14);
const out = `${lines.length}\nLattice="${L} 0.0 0.0 0.0 ${L} 0.0 0.0 0.0 ${L}" Properties=species:S:1:pos:R:3 pbc="T T T"\n` +
  lines.map(([sym, x, y, z]) => `${sym} ${fmt(x)} ${fmt(y)} ${fmt(z)}`).join('\n') + '\n';
writeFileSync(new URL('../examples/water-64.xyz', import.meta.url), out);
console.log(`wrote examples/water-64.xyz (${lines.length} atoms)`);
