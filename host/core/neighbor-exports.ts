// Signatures of the neighbor kernels exported by assembly/neighbor*/exports.ts.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface NeighborExports {}
