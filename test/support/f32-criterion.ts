// The f32 acceptance criterion against the PyTorch references (../shared/reference): an f32
// result must be no worse than F32_FACTOR × PyTorch float32's own error vs float64. A float32
// number cannot be resolved below half its ulp, so PyTorch's error counts as at least that.
export const F32_FACTOR = 2;

interface Output { energy?: number; forces?: number[][]; stress?: number[][] | null }

/** Half an ulp of x as a float32. */
export function halfUlp32(x: number): number {
  const e = Math.floor(Math.log2(Math.max(Math.abs(x), 2 ** -126)));
  return 2 ** (e - 24);
}

export function maxAbs(a: ArrayLike<number>, b: number[][]): number {
  let m = 0;
  for (let i = 0; i < b.length; i++) for (let c = 0; c < 3; c++) m = Math.max(m, Math.abs(a[3 * i + c] - b[i][c]));
  return m;
}

/** PyTorch float32's error vs float64: energy (eV) and largest force component (eV/Å), each at least half an ulp. */
export function torchF32Errors(r64: Output, r32: Output): { energy: number; forces: number } {
  const energy = Math.max(Math.abs(Math.fround(r32.energy!) - r64.energy!), halfUlp32(r64.energy!));
  let forces = 0, maxF = 0;
  r32.forces!.forEach((row, i) => row.forEach((f, c) => {
    forces = Math.max(forces, Math.abs(Math.fround(f) - r64.forces![i][c]));
    maxF = Math.max(maxF, Math.abs(r64.forces![i][c]));
  }));
  return { energy, forces: Math.max(forces, halfUlp32(maxF)) };
}
