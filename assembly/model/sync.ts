// Where the evaluation's stages meet when a call runs on several threads (assembly/threads/):
// a barrier in the threaded build, nothing at all in the default one (ASC_FEATURE_THREADS is a
// compile-time constant, so the single-thread core carries no trace of it).
import { cget, cptr, C_NT, C_SYNC, C_CAN_WAIT } from "./context";
import { barrier } from "../threads/barrier";

/** Waits until every thread of the call has finished the stage before. */
@inline export function sync(ctx: usize): void {
  if (ASC_FEATURE_THREADS) {
    const ctl = cptr(ctx, C_SYNC);
    if (ctl) barrier(ctl, cget(ctx, C_NT), cget(ctx, C_CAN_WAIT) != 0);
  }
}
