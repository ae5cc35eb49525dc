// The built-in examples, bundled as text so the app needs no fetch: their bytes are those of
// examples/*.xyz, so a receipt of a run from one names the same sha256 as `campjs md` would.
import aspirin from '../examples/aspirin.xyz';
import ethanol from '../examples/ethanol.xyz';
import alanine from '../examples/alanine-dipeptide.xyz';
import water16 from '../examples/water-16.xyz';
import water64 from '../examples/water-64.xyz';
import sampleLabelled from '../data/test-small.extxyz';

export interface BundledFile {
  readonly name: string;
  readonly label: string;
  readonly text: string;
}

export const EXAMPLES: readonly BundledFile[] = [
  { name: 'aspirin.xyz', label: 'aspirin (21 atoms)', text: aspirin },
  { name: 'ethanol.xyz', label: 'ethanol (9 atoms)', text: ethanol },
  { name: 'alanine-dipeptide.xyz', label: 'alanine dipeptide (22 atoms)', text: alanine },
  { name: 'water-16.xyz', label: 'water cluster (48 atoms)', text: water16 },
  { name: 'water-64.xyz', label: 'water box, periodic (192 atoms)', text: water64 },
];

/** Labelled frames for a first fine-tune: the first frame of each held-out molecule's MD (GFN2-xTB labels). */
export const SAMPLE_LABELLED: BundledFile = { name: 'test-small.extxyz', label: 'held-out molecules, 28 labelled frames', text: sampleLabelled };

export function bytesOf(f: BundledFile): Uint8Array {
  return new TextEncoder().encode(f.text);
}
