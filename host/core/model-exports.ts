// Signatures of the model kernels exported by assembly/model*/exports.ts.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ModelExports {}
