// Extended XYZ (ASE's flavour): reader and writer.
export { parseExtxyz } from './extxyz-read.js';
export { formatExtxyz, formatExtxyzFrame, type ExtxyzWriteOptions } from './extxyz-write.js';
