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
