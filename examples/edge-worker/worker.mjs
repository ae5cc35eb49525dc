// A Cloudflare Worker serving a CAMP model. POST /energy: a structure → energy, forces, stress.
// POST /md: {atoms, settings, steps} starts a run, {state, steps} continues one; each reply
// carries the state to send back next time (the JSON keeps every bit, so a run split over
// many requests is the same as one long run).
import { loadModel, MD, useCompiledCore } from 'campjs';
import coreWasm from 'campjs/campjs.wasm'; // Workers compile Wasm only from uploaded modules
import modelBytes from './model.ckpt'; // a Data module (see wrangler.toml)

useCompiledCore(coreWasm);
const calculator = loadModel(modelBytes); // one per isolate, shared by its requests

export default {
  async fetch(request) {
    const { pathname } = new URL(request.url);
    if (request.method !== 'POST') return Response.json({ error: 'use POST /energy or POST /md' }, { status: 405 });
    const route = { '/energy': energy, '/md': md }[pathname];
    if (!route) return Response.json({ error: `no route ${pathname}` }, { status: 404 });
    try {
      return Response.json(await route(await request.json(), await calculator));
    } catch (err) {
      return Response.json({ error: err.message }, { status: 400 });
    }
  },
};

/** {numbers, positions (flat, Å), cell?, pbc?} → eV, eV/Å, eV/Å³ */
function energy(body, calc) {
  const r = calc.compute(toAtoms(body), { precision: body.precision ?? 'f64' });
  return { energy: r.energy, energies: Array.from(r.energies), forces: Array.from(r.forces), stress: r.stress ? Array.from(r.stress) : null };
}

async function md({ atoms, settings, state, steps = 10 }, calc) {
  const run = state ? await MD.resume(state, calc) : await MD.create({ atoms: toAtoms(atoms), calculator: calc, settings });
  run.run(steps);
  return { thermo: run.thermo(), positions: Array.from(run.atoms.positions), state: run.toJSON() };
}

function toAtoms({ numbers, positions, cell = null, pbc }) {
  return { numbers, positions: Float64Array.from(positions), cell: cell && Float64Array.from(cell), pbc: pbc ?? (cell ? [true, true, true] : [false, false, false]) };
}
