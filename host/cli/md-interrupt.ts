// Ctrl-C / SIGTERM during `campjs md`: the run stops after the step in progress (the signal is
// seen between chunks of ~0.2 s), writes what a finished run writes, and says how to continue.
// A second signal gets the default action (terminate at once): outputs written by rename are
// then either the old or the new file, never a partial one.

export type StopSignal = 'SIGINT' | 'SIGTERM';

/** Calls onSignal on the first SIGINT/SIGTERM; returns the function that uninstalls it. */
export function onStopSignal(onSignal: (signal: StopSignal) => void): () => void {
  const handlers = (['SIGINT', 'SIGTERM'] as const).map((signal) => {
    const handler = () => onSignal(signal);
    process.once(signal, handler);
    return [signal, handler] as const;
  });
  return () => {
    for (const [signal, handler] of handlers) process.removeListener(signal, handler);
  };
}

/** Exit status of a run ended by a signal, as shells report 128 + SIGINT. */
export const INTERRUPTED_EXIT = 130;

/** The message after an interrupted run: where it stopped and the command that continues it. */
export function interruptMessage(o: {
  signal: StopSignal; step: number; done: number; steps: number; model: string; stateOut: string | undefined; receipt: string | undefined;
}): string {
  const head = `campjs md: ${o.signal}: stopped after step ${o.step} (${o.done} of ${o.steps} steps)`;
  const receipt = o.receipt ? `; receipt of the steps done: ${o.receipt} (check it with 'campjs verify ${quote(o.receipt)}')` : '';
  if (o.stateOut === undefined) {
    return `${head}${receipt}\nno --state-out was given, so no state was saved: this run cannot be continued (add --state-out FILE to make runs resumable)\n`;
  }
  return `${head}; state: ${o.stateOut}${receipt}\nto continue: campjs md --model ${quote(o.model)} --resume ${quote(o.stateOut)} --steps ${o.steps - o.done} [new --traj/--log/--receipt/--state-out names]\n`;
}

function quote(s: string): string {
  return /^[\w./:=,+@%-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
