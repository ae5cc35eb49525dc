// Plain and extended XYZ text for the data scripts. Positions are rounded to FIXED decimals
// before xtb sees them, so each label belongs to exactly the coordinates written in the file.

/** @typedef {{ symbols: string[], positions: number[][] }} Atoms  positions in Å */

export const POSITION_DECIMALS = 6;
export const FORCE_DECIMALS = 6;
const ELEMENTS = new Set(['H', 'C', 'N', 'O']);

/** Atoms with positions rounded to the decimals the files keep. */
export function rounded(atoms) {
  return { symbols: [...atoms.symbols], positions: atoms.positions.map((p) => p.map((x) => Number(x.toFixed(POSITION_DECIMALS)))) };
}

const num = (x, d) => {
  const t = x.toFixed(d);
  return t === `-${(0).toFixed(d)}` ? t.slice(1) : t; // no "-0.000000"
};

/** Plain XYZ text (what xtb reads), `comment` on line 2. */
export function formatXyz(atoms, comment = '') {
  const rows = atoms.symbols.map((s, i) => `${s} ${atoms.positions[i].map((x) => num(x, POSITION_DECIMALS)).join(' ')}`);
  return `${atoms.symbols.length}\n${comment}\n${rows.join('\n')}\n`;
}

/** One extended-XYZ frame (ASE convention): energy (eV) in the comment, forces (eV/Å) as columns. */
export function formatExtxyzFrame(frame) {
  const { atoms, energy, forces, info } = frame;
  const tags = Object.entries(info).map(([k, v]) => `${k}=${v}`).join(' ');
  const head = `Properties=species:S:1:pos:R:3:forces:R:3 energy=${energy.toFixed(8)} ${tags} pbc="F F F"`;
  const rows = atoms.symbols.map((s, i) =>
    `${s} ${atoms.positions[i].map((x) => num(x, POSITION_DECIMALS)).join(' ')} ${forces[i].map((f) => num(f, FORCE_DECIMALS)).join(' ')}`);
  return `${atoms.symbols.length}\n${head}\n${rows.join('\n')}\n`;
}

/**
 * Frames of a (multi-frame) plain XYZ text, e.g. xtb's xtbopt.xyz or xtb.trj; `file` names errors.
 * Only H, C, N, O are accepted: anything else means the wrong file or a broken SMILES.
 */
export function parseXyzFrames(text, file) {
  const lines = text.split('\n');
  const frames = [];
  let i = 0;
  while (i < lines.length && lines[i].trim() !== '') {
    const n = Number(lines[i].trim());
    if (!Number.isInteger(n) || n <= 0) throw new Error(`${file}:${i + 1}: atom count expected, got "${lines[i].trim()}"`);
    if (i + 2 + n > lines.length) throw new Error(`${file}:${i + 1}: ${n} atoms announced, file ends early`);
    const symbols = [], positions = [];
    for (let k = 0; k < n; k++) {
      const line = i + 2 + k;
      const [s, ...xyz] = lines[line].trim().split(/\s+/);
      const sym = s.charAt(0).toUpperCase() + s.slice(1).toLowerCase();
      const p = xyz.slice(0, 3).map(Number);
      if (!ELEMENTS.has(sym)) throw new Error(`${file}:${line + 1}: element "${s}" is not one of H, C, N, O`);
      if (p.length !== 3 || !p.every(Number.isFinite)) throw new Error(`${file}:${line + 1}: three finite coordinates expected`);
      symbols.push(sym);
      positions.push(p);
    }
    frames.push({ symbols, positions, comment: lines[i + 1] });
    i += 2 + n;
  }
  if (frames.length === 0) throw new Error(`${file}: no frames`);
  return frames;
}
