// Contraction rules of CAMP, derived from max_v (never tabulated per checkpoint).
//
// Atomic-moment paths: output rank v from input rank v1 through a direction tensor of rank
// v2 = v1 + v. Hyper-moment rules: multisets of moment ranks whose largest entry equals the sum
// of the others plus the output rank w; ordered by length, then lexicographically, with the
// scalar copy [0] first for w = 0. The order indexes the weights of the checkpoint.

export interface MomentPath {
  /** Output rank. */
  readonly v: number;
  /** Rank of the neighbour feature contracted. */
  readonly v1: number;
  /** Rank of the direction tensor n⊗…⊗n. */
  readonly v2: number;
}

/** Paths of one layer, grouped by output rank v = 0..maxV, each group in increasing v1. */
export function atomicMomentPaths(maxV: number, vIn: number): MomentPath[][] {
  const groups: MomentPath[][] = [];
  for (let v = 0; v <= maxV; v++) {
    const group: MomentPath[] = [];
    for (let v1 = 0; v1 <= vIn; v1++) if (v1 + v <= maxV) group.push({ v, v1, v2: v1 + v });
    groups.push(group);
  }
  return groups;
}

/** Hyper-moment rules producing rank w from moments of rank 0..maxV. Each rule is ascending. */
export function hyperMomentRules(maxV: number, w: number): number[][] {
  if (!Number.isInteger(maxV) || maxV < 1) throw new Error(`max_v must be a positive integer, got ${maxV}`);
  if (!Number.isInteger(w) || w < 0 || w > maxV) throw new Error(`output rank ${w} is outside 0..${maxV}`);
  const found: number[][] = [];
  // Non-decreasing sequences of ranks 1..maxV; the last (largest) absorbs the others plus w,
  // so the others sum to at most maxV - w and sequences stay short.
  const extend = (prefix: number[], sum: number): void => {
    const last = prefix.length ? prefix[prefix.length - 1] : 1;
    const top = sum + w;
    if (top >= last && top >= 1 && top <= maxV && (prefix.length === 0 || top >= prefix[prefix.length - 1])) {
      found.push([...prefix, top]);
    }
    for (let r = last; r <= maxV && sum + r + w <= maxV; r++) extend([...prefix, r], sum + r);
  };
  extend([], 0);
  const unique = new Map(found.map((r) => [r.join(','), r]));
  const rules = [...unique.values()].sort((a, b) => a.length - b.length || compareLex(a, b));
  return w === 0 ? [[0], ...rules] : rules;
}

function compareLex(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

/** One index of a rule's walk: the top factor's full index t and how many indices it stands for. */
export interface WalkStep {
  readonly t: number;
  readonly multiplicity: number;
}

/**
 * The indices t (base 3, first index most significant) of a rule's highest-rank factor at which
 * the hyper moment of rank w is evaluated, each with the number of full indices whose product
 * equals it. The factor keeps its last w indices (the output's), the others (in rule order)
 * contract consecutive groups of its leading ones. All moments are symmetric, so a product is
 * unchanged when a group's indices are permuted or two groups of factors of the same rank trade
 * places: one index per such orbit is walked (the sorted one), weighted by the orbit's size. Of
 * the output indices only the first copy of each distinct entry (ascending) is kept: the
 * outputs are symmetric too and held as their distinct entries.
 */
export function hyperWalk(rule: readonly number[], w: number): WalkStep[] {
  let top = 0;
  for (let q = 1; q < rule.length; q++) if (rule[q] > rule[top]) top = q;
  const R = rule[top], lead = R - w;
  // Leading positions of each contracting factor, in rule order.
  const groups: { rank: number; at: number }[] = [];
  let at = 0;
  for (let q = 0; q < rule.length; q++) if (q !== top) groups.push({ rank: rule[q], at }), (at += rule[q]);
  if (at !== lead) throw new Error(`rule [${rule.join(', ')}] does not produce rank ${w}`);
  const canonical = (digits: number[]): string => {
    const parts = groups.map((g) => digits.slice(g.at, g.at + g.rank).sort((a, b) => a - b));
    // Groups of equal rank in ascending order of their sorted indices, back in their places.
    for (const rank of new Set(groups.map((g) => g.rank))) {
      const idx = groups.flatMap((g, k) => (g.rank === rank ? [k] : []));
      const sorted = idx.map((k) => parts[k]).sort((a, b) => a.join() < b.join() ? -1 : a.join() > b.join() ? 1 : 0);
      idx.forEach((k, j) => (parts[k] = sorted[j]));
    }
    return parts.flat().join();
  };
  const counts = new Map<string, number>();
  const leads = 3 ** lead, outs = 3 ** w;
  const digitsOf = (x: number, n: number): number[] => Array.from({ length: n }, (_, k) => Math.floor(x / 3 ** (n - 1 - k)) % 3);
  for (let a = 0; a < leads; a++) {
    const key = canonical(digitsOf(a, lead));
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const steps: WalkStep[] = [];
  for (let a = 0; a < leads; a++) {
    const d = digitsOf(a, lead);
    if (canonical(d) !== d.join()) continue;
    for (let o = 0; o < outs; o++) {
      const od = digitsOf(o, w);
      if (od.some((x, k) => k > 0 && x < od[k - 1])) continue;
      steps.push({ t: a * outs + o, multiplicity: counts.get(d.join())! });
    }
  }
  return steps;
}
