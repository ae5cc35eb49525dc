// campjs public API. One ESM file (dist/campjs.mjs) with the Wasm core embedded; it imports
// nothing platform-specific.
export type { Atoms, Vec3Flags } from './atoms.js';
export type { CampModel, CampHyperParams, Tensor, TensorDtype } from './model/camp-model.js';
export type { Calculator, ComputeOptions, ComputeResult, Precision } from './calculator.js';
export { loadModel, CampCalculator, type LoadModelOptions } from './api.js';
export { loadCampModel } from './model/load.js';
export { writeCampjs, readCampjs } from './format/campjs-file.js';
export { ModelFileError } from './format/model-file-error.js';
export { readSource, type Source } from './load-source.js';
export { readStructures } from './io/read-structures.js';
export { parseExtxyz, formatExtxyz } from './io/extxyz.js';
export { parseCampJson } from './io/camp-json.js';
export type { StructureFrame } from './io/frame.js';
export { StructureFormatError } from './io/format-error.js';
export { symbolOf, atomicNumberOf, defaultMasses } from './elements.js';
export { instantiateCore, useCompiledCore } from './core/wasm.js';
export { VERSION as version } from './version.js';
