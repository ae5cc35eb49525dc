// Signatures of the md kernels exported by assembly/md*/exports.ts.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface MdExports {}
