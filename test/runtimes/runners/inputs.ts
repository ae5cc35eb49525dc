// The matrix's input envelope, built once on the Node side: the water checkpoint and liquid-64
// from ../shared, or (fresh clone without ../shared) two synthetic water molecules and no model,
// with the reason recorded so every runtime reports the same skip.
import { readFileSync } from 'node:fs';
import { haveShared, sharedPath, SKIP_NO_SHARED } from '../../support/shared.js';
import { encodeInput } from '../payload.mjs';
import { waterCluster } from './water-cluster.js';

export const MODEL_FILE = 'models/water.ckpt';
export const STRUCTURE_FILE = 'data/liquid-64.xyz';
/** Å: the MD runs use the 8 molecules of liquid-64 nearest its first O. */
export const MD_CLUSTER_RADIUS = 3.5;

const SYNTHETIC_XYZ = `6
Lattice="8 0 0 0 8 0 0 0 8" pbc="T T T"
O 1.0 1.0 1.0
H 1.9572 1.0 1.0
H 0.76 1.9266 1.0
O 4.0 4.2 3.9
H 4.9 4.5 3.9
H 3.8 3.3 4.2
`;

export interface MatrixInput {
  readonly bytes: Uint8Array;
  readonly skip: readonly string[];
}

export function buildInput(): MatrixInput {
  if (!haveShared) {
    const skip = [`model, md: ${SKIP_NO_SHARED}`];
    const bytes = encodeInput({ structureName: 'synthetic-2h2o', skip }, { structure: new TextEncoder().encode(SYNTHETIC_XYZ) });
    return { bytes, skip };
  }
  const liquid = readFileSync(sharedPath(STRUCTURE_FILE), 'utf8');
  const blobs = {
    structure: new TextEncoder().encode(liquid),
    mdStructure: new TextEncoder().encode(waterCluster(liquid, MD_CLUSTER_RADIUS)),
    model: new Uint8Array(readFileSync(sharedPath(MODEL_FILE))),
  };
  return { bytes: encodeInput({ structureName: STRUCTURE_FILE, modelName: MODEL_FILE, skip: [] }, blobs), skip: [] };
}
