// The saved state of an MD run, in two encodings that both keep every bit:
//  - JSON (`MdStateJson`): scalars as JSON, float arrays as base64 of their little-endian
//    bytes (decimal text would lose −0 and NaN payloads and be 2–3× larger);
//  - binary: "CJMDSTAT" magic, u32 format version, u32 header length, the JSON header
//    (everything except the float arrays, UTF-8), zero padding to 8 bytes, then the float
//    arrays (f64 little-endian) in the order of ARRAYS, lengths given by the header.
import type { Vec3Flags } from '../atoms.js';
import { decodeBase64 } from '../util/base64.js';
import { DEFAULT_SETTINGS, resolveSettings, type MdSettings } from './settings.js';

/** Largest step a state may carry: the step is one 32-bit word of the random counter. */
export const MAX_STATE_STEP = 2 ** 32 - 1;

export interface MdSnapshot {
  readonly settings: MdSettings;
  readonly numbers: number[];
  readonly pbc: Vec3Flags;
  readonly hasCell: boolean;
  readonly step: number;
  readonly ndof: number;
  readonly positions: Float64Array;
  readonly velocities: Float64Array;
  readonly forces: Float64Array;
  readonly masses: Float64Array;
  readonly cell: Float64Array;
  readonly chain: Float64Array;
  /** eV */
  readonly energy: number;
  readonly energies: Float64Array;
  readonly stress: Float64Array | null;
  /** sha256 of the model (file bytes, or pair-potential spec) that made the state; absent in old states. */
  readonly modelSha256?: string;
  /** How the model was evaluated (Calculator.evaluation: backend, radial mode); absent in old states and for calculators without it. */
  readonly evaluation?: string;
}

const ARRAYS = ['positions', 'velocities', 'forces', 'masses', 'cell', 'chain', 'energies', 'stress', 'scalars'] as const;
type ArrayName = (typeof ARRAYS)[number];

interface Header {
  readonly format: 'campjs-md-state';
  readonly version: 1;
  readonly settings: MdSettings;
  readonly numbers: number[];
  readonly pbc: boolean[];
  readonly hasCell: boolean;
  readonly step: number;
  readonly ndof: number;
  /** Lengths of the float arrays (stress: 0 when there is none). */
  readonly lengths: Record<ArrayName, number>;
  /** Optional (states written before it existed lack it). */
  readonly modelSha256?: string;
  readonly evaluation?: string;
}

export interface MdStateJson extends Header {
  /** base64 of each float array's little-endian f64 bytes. */
  readonly arrays: Record<ArrayName, string>;
}

const MAGIC = 'CJMDSTAT';

function arraysOf(s: MdSnapshot): Record<ArrayName, Float64Array> {
  return {
    positions: s.positions, velocities: s.velocities, forces: s.forces, masses: s.masses, cell: s.cell,
    chain: s.chain, energies: s.energies, stress: s.stress ?? new Float64Array(0), scalars: Float64Array.of(s.energy),
  };
}

function headerOf(s: MdSnapshot, arrays: Record<ArrayName, Float64Array>): Header {
  const lengths = Object.fromEntries(ARRAYS.map((k) => [k, arrays[k].length])) as Record<ArrayName, number>;
  return {
    format: 'campjs-md-state', version: 1, settings: s.settings, numbers: s.numbers, pbc: [...s.pbc],
    hasCell: s.hasCell, step: s.step, ndof: s.ndof, lengths, ...(s.modelSha256 !== undefined && { modelSha256: s.modelSha256 }),
    ...(s.evaluation !== undefined && { evaluation: s.evaluation }),
  };
}

function snapshotOf(h: Header, arrays: Record<ArrayName, Float64Array>): MdSnapshot {
  const n = h.numbers.length;
  const expect: Record<ArrayName, number> = {
    positions: 3 * n, velocities: 3 * n, forces: 3 * n, masses: n, cell: 9, chain: 3 * h.settings.chainLength,
    energies: n, stress: arrays.stress.length === 0 ? 0 : 6, scalars: 1,
  };
  for (const k of ARRAYS) {
    if (arrays[k].length !== expect[k]) throw new Error(`md state: '${k}' has ${arrays[k].length} values, expected ${expect[k]}`);
    // Every float must be finite: a NaN resumed is a NaN a thousand steps later with no cause.
    const bad = arrays[k].findIndex((x) => !Number.isFinite(x));
    if (bad >= 0) throw new Error(`md state: ${k}[${bad}] is ${arrays[k][bad]} (every value must be finite)`);
  }
  const badMass = arrays.masses.findIndex((m) => !(m > 0));
  if (badMass >= 0) throw new Error(`md state: masses[${badMass}] is ${arrays.masses[badMass]} (masses must be positive, amu)`);
  if (h.ndof > 3 * n) throw new Error(`md state: ndof ${h.ndof} exceeds 3 × ${n} atoms`);
  return {
    settings: h.settings, numbers: h.numbers, pbc: [h.pbc[0], h.pbc[1], h.pbc[2]], hasCell: h.hasCell, step: h.step,
    ndof: h.ndof, positions: arrays.positions, velocities: arrays.velocities, forces: arrays.forces, masses: arrays.masses,
    cell: arrays.cell, chain: arrays.chain, energy: arrays.scalars[0], energies: arrays.energies,
    stress: arrays.stress.length ? arrays.stress : null, ...(h.modelSha256 !== undefined && { modelSha256: h.modelSha256 }),
    ...(h.evaluation !== undefined && { evaluation: h.evaluation }),
  };
}

function checkHeader(h: unknown): Header {
  const x = h as Partial<Header> | null;
  if (!x || x.format !== 'campjs-md-state') throw new Error("md state: not a campjs MD state (format is not 'campjs-md-state')");
  if (x.version !== 1) throw new Error(`md state: unsupported version ${String(x.version)} (this campjs reads version 1)`);
  if (!Array.isArray(x.numbers) || !x.settings || !Array.isArray(x.pbc) || x.pbc.length !== 3) throw new Error('md state: header lacks numbers, settings or pbc');
  if (x.numbers.length === 0) throw new Error('md state: numbers is empty (no atoms)');
  const badZ = x.numbers.findIndex((z) => !Number.isInteger(z) || z < 1 || z > 118);
  if (badZ >= 0) throw new Error(`md state: numbers[${badZ}] = ${String(x.numbers[badZ])} is not an element (atomic numbers are 1 … 118)`);
  if (x.pbc.some((p) => typeof p !== 'boolean')) throw new Error('md state: pbc must be three booleans');
  if (typeof x.hasCell !== 'boolean') throw new Error('md state: hasCell must be a boolean');
  if (!Number.isSafeInteger(x.step) || (x.step as number) < 0 || (x.step as number) > MAX_STATE_STEP) throw new Error(`md state: step ${String(x.step)} is not an integer 0 … ${MAX_STATE_STEP}`);
  if (!(Number.isInteger(x.ndof) && (x.ndof as number) >= 1)) throw new Error(`md state: ndof ${String(x.ndof)} is not an integer ≥ 1`);
  if (!x.lengths || typeof x.lengths !== 'object') throw new Error('md state: header lacks array lengths');
  if (x.modelSha256 !== undefined && !/^[0-9a-f]{64}$/.test(String(x.modelSha256))) throw new Error(`md state: modelSha256 '${String(x.modelSha256)}' is not a sha256`);
  if (x.evaluation !== undefined && !(typeof x.evaluation === 'string' && x.evaluation.length <= 200)) {
    throw new Error('md state: evaluation must be a string of at most 200 characters');
  }
  try {
    checkSettingsKeys(x.settings);
    resolveSettings(x.settings);
  } catch (err) {
    throw new Error(`md state: settings: ${(err as Error).message.replace(/^md: /, '')}`);
  }
  return x as Header;
}

/** Throws naming a settings key this campjs does not know (a typo would otherwise be ignored). */
export function checkSettingsKeys(settings: object): void {
  const unknown = Object.keys(settings).find((k) => !(k in DEFAULT_SETTINGS));
  if (unknown !== undefined) throw new Error(`unknown setting '${unknown}' (known: ${Object.keys(DEFAULT_SETTINGS).join(', ')})`);
}

export function encodeState(s: MdSnapshot): MdStateJson {
  const arrays = arraysOf(s);
  const encoded = Object.fromEntries(ARRAYS.map((k) => [k, toBase64(leBytes(arrays[k]))])) as Record<ArrayName, string>;
  return { ...headerOf(s, arrays), arrays: encoded };
}

export function decodeState(json: MdStateJson): MdSnapshot {
  const h = checkHeader(json);
  if (!json.arrays) throw new Error('md state: no arrays');
  const arrays = Object.fromEntries(ARRAYS.map((k) => {
    const text = json.arrays[k];
    if (typeof text !== 'string') throw new Error(`md state: array '${k}' is missing`);
    return [k, fromLeBytes(decodeBase64(text), k)];
  })) as Record<ArrayName, Float64Array>;
  return snapshotOf(h, arrays);
}

export function stateToBinary(s: MdSnapshot): Uint8Array {
  const arrays = arraysOf(s);
  const header = new TextEncoder().encode(JSON.stringify(headerOf(s, arrays)));
  const start = Math.ceil((16 + header.length) / 8) * 8;
  const total = start + 8 * ARRAYS.reduce((sum, k) => sum + arrays[k].length, 0);
  const out = new Uint8Array(total);
  const dv = new DataView(out.buffer);
  out.set(new TextEncoder().encode(MAGIC), 0);
  dv.setUint32(8, 1, true);
  dv.setUint32(12, header.length, true);
  out.set(header, 16);
  let at = start;
  for (const k of ARRAYS) {
    const bytes = leBytes(arrays[k]);
    out.set(bytes, at);
    at += bytes.length;
  }
  return out;
}

export function stateFromBinary(bytes: Uint8Array): MdSnapshot {
  if (bytes.length < 16 || new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC) {
    throw new Error('md state: not a campjs binary MD state (bad magic)');
  }
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = dv.getUint32(8, true);
  if (version !== 1) throw new Error(`md state: unsupported binary version ${version}`);
  const len = dv.getUint32(12, true);
  if (16 + len > bytes.length) throw new Error('md state: truncated header');
  const h = checkHeader(JSON.parse(new TextDecoder().decode(bytes.subarray(16, 16 + len))));
  let at = Math.ceil((16 + len) / 8) * 8;
  const arrays = {} as Record<ArrayName, Float64Array>;
  for (const k of ARRAYS) {
    const count = h.lengths[k];
    if (!Number.isSafeInteger(count) || count < 0 || at + 8 * count > bytes.length) throw new Error(`md state: truncated or bad array '${k}'`);
    arrays[k] = fromLeBytes(bytes.subarray(at, at + 8 * count), k);
    at += 8 * count;
  }
  if (at !== bytes.length) throw new Error(`md state: ${bytes.length - at} unexpected trailing bytes`);
  return snapshotOf(h, arrays);
}

// Float64Array ↔ little-endian bytes through DataView, so big-endian hosts agree too.
function leBytes(a: Float64Array): Uint8Array {
  const out = new Uint8Array(8 * a.length);
  const dv = new DataView(out.buffer);
  for (let i = 0; i < a.length; i++) dv.setFloat64(8 * i, a[i], true);
  return out;
}

function fromLeBytes(b: Uint8Array, name: string): Float64Array {
  if (b.length % 8 !== 0) throw new Error(`md state: array '${name}' has ${b.length} bytes, not a multiple of 8`);
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const out = new Float64Array(b.length / 8);
  for (let i = 0; i < out.length; i++) out[i] = dv.getFloat64(8 * i, true);
  return out;
}

function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

