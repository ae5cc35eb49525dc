// Field indices of the model plan header and of the call context, mirrored word for word from
// assembly/model/plan.ts and assembly/model/context.ts (the Wasm kernels read them). Change
// both sides together; the conformance tests fail on any mismatch.

export const PLAN_MAGIC = 0x434d5031; // "CMP1"
/** Highest tensor rank the plan has slots for. */
export const MAXV_LIMIT = 4;
const SLOTS = MAXV_LIMIT + 1;

/** Fixed part of the plan header. */
export const H = {
  MAGIC: 0, NU: 1, P: 2, MAXV: 3, LAYERS: 4, NB: 5, NTYPES: 6, RAD_NLIN: 7, OUT_NLIN: 8, MAXW: 9,
  MAXPATHS: 10, OFF_SCALARS: 11, OFF_EMBED: 12, OFF_SCALE: 13, OFF_SHIFT: 14, OFF_ONES: 15,
  HDR_OUT_MLP: 16, HDR_LAYERS: 17, HDR_RULES: 18, FIXED: 19,
} as const;

/** Linear descriptor: IN, OUT, INP, OUTP, WT (IN rows of OUTP), W (OUT rows of INP), B (OUTP or -1). */
export const LIN = { IN: 0, OUT: 1, INP: 2, OUTP: 3, WT: 4, W: 5, B: 6, SIZE: 7 } as const;

/** Layer descriptor; rank-indexed groups have MAXV_LIMIT + 1 slots (-1 where absent). */
export const LAYER = {
  VIN: 0, VOUT: 1, NPATHS: 2, HDR_PATHS: 3,
  MIX_T: 4, MIX: 4 + SLOTS, C_T: 4 + 2 * SLOTS, C: 4 + 3 * SLOTS, B_T: 4 + 4 * SLOTS, B: 4 + 5 * SLOTS,
  F_T: 4 + 6 * SLOTS, F: 4 + 7 * SLOTS, PH: 4 + 8 * SLOTS, RO_W: 4 + 9 * SLOTS, RO_B: 5 + 9 * SLOTS, SIZE: 6 + 9 * SLOTS,
} as const;

/** Path descriptor, followed by RAD_NLIN linear descriptors. */
export const PATH = { V: 0, V1: 1, V2: 2, PV: 3, PAIR_STRIDE: 4, LIN: 5 } as const;

/**
 * Call context (i32 words) fields the host fills; modelLayoutWork fills the work pointers after
 * them. KEEP holds KEEP flags: what the reverse pass keeps instead of recomputing.
 */
export const C = {
  N: 0, E: 1, GRAD: 2, TYPES: 3, ROW: 4, J: 5, VEC: 6, REV: 7, ENERGIES: 8, FORCES: 9, VIRIAL: 10, KEEP: 11,
} as const;

/** Flags of C.KEEP (assembly/model/act-store.ts, tau-store.ts). */
export const KEEP = { ACTIVATIONS: 1, MIXED_ADJOINTS: 2 } as const;
