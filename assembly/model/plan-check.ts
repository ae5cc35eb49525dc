// Defensive check of a plan header before any kernel trusts its indices: a corrupt header
// must give a clear error on the host, not an out-of-bounds read.
import { hget, pathSize, PLAN_MAGIC, MAXV_LIMIT, H_MAGIC, H_NU, H_P, H_MAXV, H_LAYERS, H_NB, H_NTYPES, H_RAD_NLIN, H_OUT_NLIN,
  H_HDR_OUT_MLP, H_HDR_LAYERS, H_HDR_RULES, H_HDR_WALKS, H_FIXED, L_SIZE, L_NPATHS, L_HDR_PATHS, LIN_SIZE } from "./plan";
import { MAX_LAYERS } from "./context";

// Result codes, named (with the host's messages) in scripts/layouts/table.mjs.
import { PLAN_OK, PLAN_BAD_MAGIC, PLAN_BAD_SIZES, PLAN_BAD_INDEX } from "../generated/layouts";

export function checkPlan(plan: usize, words: i32): i32 {
  if (words < H_FIXED || hget(plan, H_MAGIC) != PLAN_MAGIC) return PLAN_BAD_MAGIC;
  const nu = hget(plan, H_NU), P = hget(plan, H_P), maxV = hget(plan, H_MAXV), L = hget(plan, H_LAYERS);
  if (nu < 1 || P < nu || (P & 3) != 0 || maxV < 1 || maxV > MAXV_LIMIT || L < 1 || L > MAX_LAYERS) return PLAN_BAD_SIZES;
  if (hget(plan, H_NB) < 1 || hget(plan, H_NTYPES) < 1 || hget(plan, H_RAD_NLIN) < 1 || hget(plan, H_OUT_NLIN) < 1) return PLAN_BAD_SIZES;
  if (!inside(hget(plan, H_HDR_OUT_MLP), LIN_SIZE * hget(plan, H_OUT_NLIN), words)) return PLAN_BAD_INDEX;
  if (!inside(hget(plan, H_HDR_LAYERS), L, words) || !inside(hget(plan, H_HDR_RULES), maxV + 1, words)) return PLAN_BAD_INDEX;
  if (!inside(hget(plan, H_HDR_WALKS), maxV + 1, words)) return PLAN_BAD_INDEX;
  for (let l = 0; l < L; l++) {
    const lh = hget(plan, hget(plan, H_HDR_LAYERS) + l);
    if (!inside(lh, L_SIZE, words)) return PLAN_BAD_INDEX;
    if (!inside(hget(plan, lh + L_HDR_PATHS), hget(plan, lh + L_NPATHS) * pathSize(hget(plan, H_RAD_NLIN)), words)) return PLAN_BAD_INDEX;
  }
  return PLAN_OK;
}

@inline function inside(start: i32, count: i32, words: i32): bool {
  return start >= H_FIXED && count >= 0 && start + count <= words;
}
