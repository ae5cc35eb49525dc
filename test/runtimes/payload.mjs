// The one computation every runtime of the matrix runs (Node, Deno, Bun, Chromium page and Web
// Worker, workerd). Plain ESM with no imports: each runner hands it the imported bundle and the
// input envelope. It returns JSON of results and SHA-256 hashes of the raw bytes of every
// Float64Array/Float32Array and receipt, so "identical" means identical bit patterns.
// It feature-detects the bundle's public API and says what it skipped and why.

const MD_STEPS = 20;

/** Packs named byte blobs and a JSON header into one Uint8Array (the runners ship this). */
export function encodeInput(meta, blobs) {
  const entries = Object.entries(blobs);
  const index = [];
  let offset = 0;
  for (const [name, bytes] of entries) {
    index.push({ name, offset, length: bytes.byteLength });
    offset += bytes.byteLength;
  }
  const header = new TextEncoder().encode(JSON.stringify({ meta, blobs: index }));
  const out = new Uint8Array(4 + header.length + offset);
  new DataView(out.buffer).setUint32(0, header.length, true);
  out.set(header, 4);
  entries.forEach(([, bytes], i) => out.set(bytes, 4 + header.length + index[i].offset));
  return out;
}

export function decodeInput(bytes) {
  const u8 = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  const headerLength = new DataView(u8.buffer, u8.byteOffset, u8.byteLength).getUint32(0, true);
  const { meta, blobs } = JSON.parse(new TextDecoder().decode(u8.subarray(4, 4 + headerLength)));
  const data = {};
  for (const b of blobs) data[b.name] = u8.subarray(4 + headerLength + b.offset, 4 + headerLength + b.offset + b.length);
  return { meta, blobs: data };
}

export async function sha256(bytes) {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Bytes of a typed array exactly as they lie in memory (IEEE-754 bit patterns). */
function rawBytes(a) {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength).slice();
}

async function hashArrays(obj) {
  const out = {};
  for (const [k, v] of Object.entries(obj)) {
    if (v == null) out[k] = null;
    else if (ArrayBuffer.isView(v)) out[k] = await sha256(rawBytes(v));
    else out[k] = await sha256(new TextEncoder().encode(JSON.stringify(v)));
  }
  return out;
}

export function detectRuntime() {
  const g = globalThis;
  if (g.Deno?.version) return `deno ${g.Deno.version.deno}`;
  if (g.Bun?.version) return `bun ${g.Bun.version}`;
  if (g.process?.versions?.node && !g.navigator?.userAgent?.includes('Cloudflare')) return `node ${g.process.versions.node}`;
  const ua = g.navigator?.userAgent ?? '';
  if (ua.includes('Cloudflare-Workers')) return 'workerd';
  const chrome = /Chrom(e|ium)\/([\d.]+)/.exec(ua);
  const where = typeof g.WorkerGlobalScope !== 'undefined' ? 'worker' : 'page';
  return chrome ? `chromium ${chrome[2]} (${where})` : `unknown (${ua})`;
}

// ---- structure: minimal extxyz reader (species + positions, Lattice, pbc) ----------------

const SYMBOLS = ('X H He Li Be B C N O F Ne Na Mg Al Si P S Cl Ar K Ca Sc Ti V Cr Mn Fe Co Ni Cu Zn ' +
  'Ga Ge As Se Br Kr Rb Sr Y Zr Nb Mo Tc Ru Rh Pd Ag Cd In Sn Sb Te I Xe').split(' ');

export function parseXyz(text, name = 'structure') {
  const lines = text.split(/\r?\n/);
  const n = Number.parseInt(lines[0], 10);
  if (!(n > 0)) throw new Error(`${name}:1: expected an atom count, got '${lines[0]}'`);
  const comment = lines[1] ?? '';
  const lattice = /Lattice="([^"]+)"/.exec(comment);
  const pbcMatch = /pbc="([^"]+)"/.exec(comment);
  const numbers = new Int32Array(n);
  const positions = new Float64Array(3 * n);
  for (let i = 0; i < n; i++) {
    const f = (lines[2 + i] ?? '').trim().split(/\s+/);
    const z = SYMBOLS.indexOf(f[0]);
    if (z <= 0 || f.length < 4) throw new Error(`${name}:${3 + i}: expected 'Symbol x y z', got '${lines[2 + i]}'`);
    numbers[i] = z;
    for (let k = 0; k < 3; k++) positions[3 * i + k] = Number(f[1 + k]);
  }
  const cell = lattice ? Float64Array.from(lattice[1].trim().split(/\s+/), Number) : null;
  const pbc = pbcMatch ? pbcMatch[1].trim().split(/\s+/).map((t) => t === 'T') : [false, false, false];
  return { numbers, positions, cell, pbc };
}

// ---- sections: each returns {values, hashes}; `time` records how long one call took ------

async function coreSection(campjs) {
  const core = await campjs.instantiateCore();
  const exportNames = Object.keys(core.exports).sort();
  return {
    values: { version: campjs.version, heapBase: core.exports.heapBase(), exports: exportNames },
    hashes: await hashArrays({ bundleApi: Object.keys(campjs).sort(), exportNames }),
  };
}

// The bundle's extxyz reader and writer (text formatting of doubles must agree everywhere too).
async function ioSection(campjs, text, name, atoms) {
  const frames = campjs.parseExtxyz(text, name);
  const parsed = frames[0].atoms;
  const written = campjs.formatExtxyz(frames);
  const positions = await sha256(rawBytes(parsed.positions));
  return {
    values: { frames: frames.length, sameAsPayloadParser: positions === (await sha256(rawBytes(atoms.positions))) },
    hashes: { positions, written: await sha256(new TextEncoder().encode(written)) },
  };
}

async function modelSection(campjs, model, atoms, time) {
  // A Response exercises readSource's Response path in every runtime.
  const calc = await time('load', () => campjs.loadModel(new Response(model)));
  const out = { values: {}, hashes: {} };
  for (const precision of ['f64', 'f32']) {
    const r = await time(precision, () => calc.compute(atoms, { forces: true, stress: true, precision }));
    out.values[precision] = { energy: r.energy, edges: r.edges };
    out.hashes[precision] = await hashArrays({ energy: Float64Array.of(r.energy), energies: r.energies, forces: r.forces, stress: r.stress });
  }
  return out;
}

// The built-in model (issue 13): loadModel() with no source, embedded in the bundle, so no
// runtime reads a file or fetches anything; a water molecule (its elements are H, C, N, O).
const WATER = { numbers: Int32Array.of(8, 1, 1), positions: Float64Array.of(0, 0, 0, 0.96, 0, 0, -0.24, 0.93, 0), cell: null, pbc: [false, false, false] };

async function builtinSection(campjs, time) {
  const calc = await time('load', () => campjs.loadModel());
  const out = { values: { sha256: calc.modelSha256 }, hashes: {} };
  for (const precision of ['f64', 'f32']) {
    const r = calc.compute(WATER, { forces: true, precision });
    out.values[precision] = r.energy;
    out.hashes[precision] = await hashArrays({ energy: Float64Array.of(r.energy), forces: r.forces });
  }
  return out;
}

// Short runs: NVE in f64 and Langevin (random forces from the seed) in f32, then the state is
// serialised, resumed and continued, as the edge worker does between requests.
const MD_RUNS = [
  { name: 'nve', settings: { ensemble: 'nve', dt: 0.5, temperature: 300, seed: 7, precision: 'f64' } },
  { name: 'langevin', settings: { ensemble: 'langevin', dt: 0.5, temperature: 300, friction: 0.02, seed: 11, precision: 'f32' } },
];

async function mdSection(campjs, model, atoms, time) {
  const calculator = await campjs.loadModel(model);
  const out = { values: {}, hashes: {} };
  for (const { name, settings } of MD_RUNS) {
    // The receipt's per-step state hashes (the bundle's own SHA-256), when it exports them.
    const recorder = typeof campjs.HashRecorder === 'function' ? new campjs.HashRecorder(1) : null;
    const observe = recorder ? (md) => void recorder.observe(md) : undefined;
    const md = await campjs.MD.create({ atoms, calculator, settings });
    observe?.(md);
    await time(name, () => md.run(MD_STEPS / 2, observe));
    const resumed = await campjs.MD.resume(md.serialize(), calculator);
    resumed.run(MD_STEPS / 2, observe);
    if (recorder) out.hashes[`${name}.receipt`] = await hashArrays({ stateHashes: recorder.hashes });
    const thermo = resumed.thermo();
    const { positions, velocities } = resumed.stateBytes();
    out.values[name] = { step: thermo.step, etot: thermo.etot, temperature: thermo.temperature };
    out.hashes[name] = await hashArrays({ positions: positions.slice(), velocities: velocities.slice(), forces: resumed.forces, thermo, state: resumed.serialize(), json: resumed.toJSON() });
  }
  return out;
}

// Fine-tuning (campjs fit): 2 epochs on three displaced copies of the MD cluster, labelled by
// the model itself with energies shifted (something to learn), in f32 (the f32 gradient core)
// and f64; the trained weights and the training state must be the same bits everywhere.
// Displacements use only + and × (exact).
async function fitSection(campjs, model, atoms, time) {
  const calc = await campjs.loadModel(model);
  const frames = [0, 1, 2].map((k) => {
    const positions = atoms.positions.map((x, i) => x + 0.01 * (((i * 7 + k * 3) % 5) - 2));
    const frame = { numbers: atoms.numbers, positions, cell: atoms.cell, pbc: atoms.pbc };
    const r = calc.compute(frame, { forces: true, precision: 'f64' });
    return { atoms: frame, energy: r.energy + 0.05 * atoms.numbers.length * (k - 1), forces: r.forces };
  });
  const d = campjs.DEFAULT_TRAIN_SETTINGS;
  const settings = { ...d, epochs: 2, batchSize: 2, seed: 5, ema: { ...d.ema, updateAfterStep: 0, updateEvery: 1 } };
  const tensors = (m) => Object.fromEntries([...m.tensors].map(([name, t]) => [name, t.data]));
  const out = { values: {}, hashes: {} };
  for (const precision of ['f32', 'f64']) {
    const run = campjs.fit({ model: campjs.loadCampModel(model), train: frames.slice(0, 2), valid: frames.slice(2), settings, precision });
    const result = await time(`2 epochs ${precision}`, () => run.result);
    out.values[precision] = { epochs: result.epochs, bestEpoch: result.best.epoch, metric: result.best.metric };
    out.hashes[`${precision}.ema`] = await hashArrays(tensors(result.best.ema));
    out.hashes[`${precision}.raw`] = await hashArrays(tensors(result.best.raw));
    out.hashes[`${precision}.state`] = await sha256(new TextEncoder().encode(campjs.writeTrainState(result.state)));
  }
  return out;
}

/** A build whose trainer has no CAMP gradient yet says so (host/train/objective-placeholder.ts). */
const NO_GRADIENT = /has no CAMP training gradient yet/;

/** Runs one named section; records its timings, or its error instead of throwing. */
async function section(result, name, fn) {
  const time = async (label, call) => {
    const t0 = performance.now();
    const value = await call();
    result.ms[`${name}.${label}`] = performance.now() - t0;
    return value;
  };
  try {
    result.sections[name] = await fn(time);
  } catch (err) {
    result.sections[name] = { error: String(err?.stack ?? err) };
  }
}

/**
 * @param campjs the imported bundle (dist/campjs.mjs namespace)
 * @param inputBytes the envelope from encodeInput: meta {structureName, modelName?, skip[]},
 *   blobs {structure, mdStructure (extxyz text), model? (checkpoint bytes)}
 */
export async function runPayload(campjs, inputBytes) {
  const { meta, blobs } = decodeInput(inputBytes);
  const result = { runtime: detectRuntime(), skipped: [...(meta.skip ?? [])], sections: {}, ms: {} };
  const text = (blob) => new TextDecoder().decode(blob);
  const atoms = parseXyz(text(blobs.structure), meta.structureName);
  const mdAtoms = blobs.mdStructure ? parseXyz(text(blobs.mdStructure), 'md structure') : atoms;
  result.structure = { name: meta.structureName, atoms: atoms.numbers.length, mdAtoms: mdAtoms.numbers.length, hash: await sha256(rawBytes(atoms.positions)) };

  await section(result, 'core', () => coreSection(campjs));
  if (typeof campjs.parseExtxyz !== 'function' || typeof campjs.formatExtxyz !== 'function') result.skipped.push('io: bundle has no parseExtxyz/formatExtxyz');
  else await section(result, 'io', () => ioSection(campjs, text(blobs.structure), meta.structureName, atoms));
  const hasModel = blobs.model !== undefined;
  if (typeof campjs.loadModel !== 'function') result.skipped.push('model: bundle has no loadModel yet');
  else if (hasModel) await section(result, 'model', (time) => modelSection(campjs, blobs.model, atoms, time));
  if (typeof campjs.loadModel === 'function') await section(result, 'builtin', (time) => builtinSection(campjs, time));
  if (typeof campjs.MD?.create !== 'function') result.skipped.push('md: bundle has no MD yet');
  else if (hasModel) await section(result, 'md', (time) => mdSection(campjs, blobs.model, mdAtoms, time));
  if (typeof campjs.MD?.create === 'function' && typeof campjs.HashRecorder !== 'function') result.skipped.push('md receipt: bundle has no HashRecorder');
  if (typeof campjs.fit !== 'function') result.skipped.push('fit: bundle has no fit yet');
  else if (hasModel) {
    await section(result, 'fit', (time) => fitSection(campjs, blobs.model, mdAtoms, time));
    if (NO_GRADIENT.test(result.sections.fit.error ?? '')) {
      delete result.sections.fit;
      result.skipped.push('fit: the bundle has no CAMP training gradient yet');
    }
  }
  return result;
}
