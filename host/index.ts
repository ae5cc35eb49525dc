// campjs public API. One ESM file (dist/campjs.mjs) with the Wasm core embedded; it imports
// nothing platform-specific.
export type { Atoms, Vec3Flags } from './atoms.js';
export { normalizeAtoms, type AtomsInput } from './atoms-input.js';
export type { CampModel, CampHyperParams, Tensor, TensorDtype } from './model/camp-model.js';
export { computeAsync, type Calculator, type ComputeOptions, type ComputeResult, type Precision, type RunForceCall } from './calculator.js';
export type { Backend, BackendChoice, Device } from './backends/backend.js';
export { loadModel, CampCalculator, type LoadModelOptions } from './api.js';
export { loadCampModel } from './model/load.js';
export { writeCampjs, readCampjs } from './format/campjs-file.js';
export { ModelFileError } from './format/model-file-error.js';
export { readSource, type Source } from './load-source.js';
export { readStructures } from './io/read-structures.js';
export { FORMATS, formatForReading, formatForWriting, type StructureFormatSpec } from './io/formats.js';
export { formatCampJson } from './io/camp-json-write.js';
export { parseExtxyz, formatExtxyz } from './io/extxyz.js';
export { parseCampJson } from './io/camp-json.js';
export type { StructureFrame } from './io/frame.js';
export { StructureFormatError } from './io/format-error.js';
export { symbolOf, atomicNumberOf, defaultMasses } from './elements.js';
export { instantiateCore, useCompiledCore } from './backends/wasm/wasm.js';
export { VERSION as version } from './version.js';
export { MD, type MdOptions, type ResumeOptions, type Thermo, type MdObserver } from './md/md.js';
export { type MdSettings, type Ensemble, ENSEMBLES, DEFAULT_SETTINGS } from './md/settings.js';
export { PairCalculator } from './calculators/pair-calculator.js';
export { Fire, type FireOptions, type FireResult } from './backends/wasm/fire.js';
export { stateHash, HashRecorder, checkReceipt, type Receipt } from './receipt/receipt.js';
export { replayReceipt } from './receipt/replay.js';
export { sha256Hex } from './util/sha256.js';
