// Units of the md kernels: Å, fs, eV, amu, K. The constants are shared with the host and
// generated from scripts/layouts/table.mjs (CODATA 2018: exact SI eV; amu).
export { MVV2E, KB_EV_PER_K } from "../generated/layouts";
