// Parsing of the pair-potential model specs the CLI accepts instead of a CAMP model file:
//   lj:epsilon=0.0104,sigma=3.40,cutoff=8.5[,shift=energy|force|none]
//   morse:D=0.35,a=1.4,r0=2.9[,cutoff=...][,shift=...]
// Units: eV and Å. They exist so that MD, optimisation and the CLI can be exercised without a
// CAMP model.
import { MAX_PAIR_CUTOFF } from './pair-bounds.js';

export type PairKind = 'lj' | 'morse';
export type PairShift = 'none' | 'energy' | 'force';

export interface PairSpec {
  readonly kind: PairKind;
  /** LJ: ε (eV); Morse: D (eV). */
  readonly p0: number;
  /** LJ: σ (Å); Morse: a (1/Å). */
  readonly p1: number;
  /** Morse: r0 (Å); LJ: unused (0). */
  readonly p2: number;
  /** Å */
  readonly cutoff: number;
  /** How the pair energy is made continuous at the cutoff. */
  readonly shift: PairShift;
}

const PARAMS: Record<PairKind, readonly string[]> = {
  lj: ['epsilon', 'sigma', 'cutoff', 'shift'],
  morse: ['D', 'a', 'r0', 'cutoff', 'shift'],
};

export const PAIR_SPEC_HELP = `pair potentials instead of a CAMP model (for testing):
  lj:epsilon=E,sigma=S[,cutoff=C][,shift=energy|force|none]   Lennard-Jones (eV, Å;
      defaults ε=1, σ=1, cutoff 3σ, shift=energy as ASE's LennardJones)
  morse:D=E,a=A,r0=R[,cutoff=C][,shift=...]                   Morse (eV, 1/Å, Å;
      default cutoff r0 + 7/a); cutoffs are at most ${MAX_PAIR_CUTOFF} Å`;

/** True when `text` names a pair potential rather than a model file. */
export function isPairSpec(text: string): boolean {
  return /^(lj|morse):/i.test(text);
}

export function parsePairSpec(text: string): PairSpec {
  const colon = text.indexOf(':');
  const kind = text.slice(0, colon).toLowerCase();
  if (kind !== 'lj' && kind !== 'morse') throw new Error(`model '${text}': expected lj:... or morse:...`);
  const values = new Map<string, string>();
  for (const item of text.slice(colon + 1).split(',').filter((s) => s.trim() !== '')) {
    const eq = item.indexOf('=');
    const key = (eq < 0 ? item : item.slice(0, eq)).trim();
    if (eq < 0 || !PARAMS[kind].includes(key)) {
      throw new Error(`model '${text}': bad parameter '${item}' (expected ${PARAMS[kind].map((p) => `${p}=...`).join(', ')})`);
    }
    if (values.has(key)) throw new Error(`model '${text}': parameter '${key}' given twice`);
    values.set(key, item.slice(eq + 1).trim());
  }
  const num = (key: string, fallback?: number): number => {
    const raw = values.get(key);
    if (raw === undefined) {
      if (fallback === undefined) throw new Error(`model '${text}': missing ${key}=...`);
      return fallback;
    }
    const x = Number(raw);
    if (raw === '' || !Number.isFinite(x) || x <= 0) throw new Error(`model '${text}': ${key}=${raw} must be a positive number`);
    return x;
  };
  const bounded = (cutoff: number): number => {
    if (cutoff > MAX_PAIR_CUTOFF) throw new Error(`model '${text}': cutoff ${cutoff} Å exceeds the bound of ${MAX_PAIR_CUTOFF} Å for pair potentials`);
    return cutoff;
  };
  const shiftText = values.get('shift') ?? 'energy';
  if (shiftText !== 'energy' && shiftText !== 'force' && shiftText !== 'none') {
    throw new Error(`model '${text}': shift=${shiftText} must be energy, force or none`);
  }
  const shift: PairShift = shiftText;
  if (kind === 'lj') {
    const sigma = num('sigma', 1);
    return { kind, p0: num('epsilon', 1), p1: sigma, p2: 0, cutoff: bounded(num('cutoff', 3 * sigma)), shift };
  }
  const a = num('a');
  const r0 = num('r0');
  return { kind, p0: num('D'), p1: a, p2: r0, cutoff: bounded(num('cutoff', r0 + 7 / a)), shift };
}

/** Canonical text of a spec (the receipt's model identity). */
export function formatPairSpec(s: PairSpec): string {
  return s.kind === 'lj'
    ? `lj:epsilon=${s.p0},sigma=${s.p1},cutoff=${s.cutoff},shift=${s.shift}`
    : `morse:D=${s.p0},a=${s.p1},r0=${s.p2},cutoff=${s.cutoff},shift=${s.shift}`;
}
