// The PyTorch CAMP reference as a process that times blocks of calls on request
// (bench/pytorch-reference.py with "serve": true), so that a benchmark can alternate PyTorch
// blocks with its own and both see the same machine load. On a shared machine the load moves
// by ±30 % within minutes; figures taken minutes apart (bench/pytorch-same-run.ts) carry that
// into every ratio, blocks taken in turn do not.
// Same environment as pytorch-same-run.ts (CAMPJS_CAMP_SRC, CAMPJS_CAMP_STUBS, CAMPJS_PYTHON).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { referenceCommand, tail, type TorchCase } from './pytorch-same-run.js';

/** How long the reference may take to import torch and build every system. */
const READY_TIMEOUT_MS = 5 * 60_000;

export class PairedTorch {
  private readonly pending: Array<{ resolve: (line: string) => void; reject: (e: Error) => void }> = [];
  private stderr = '';
  private exited: string | undefined;

  private constructor(private readonly child: ChildProcessWithoutNullStreams, readonly torch: string) {}

  /** Starts the reference on `cases` (their indices name them in `time`); a string says why it cannot. */
  static async start(cases: readonly TorchCase[], env: NodeJS.ProcessEnv = process.env): Promise<PairedTorch | string> {
    const run = referenceCommand(cases, env, { serve: true });
    if (!run.ok) return run.reason;
    const child = spawn(run.python, [run.script], { env: run.env, stdio: ['pipe', 'pipe', 'pipe'] });
    // A write to a reference that has died fails with EPIPE; its exit (below) says why instead.
    child.stdin.on('error', () => {});
    const lines = createInterface({ input: child.stdout });
    const ready = new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer within ${READY_TIMEOUT_MS / 1000} s`)), READY_TIMEOUT_MS);
      lines.once('line', (line) => { clearTimeout(timer); resolve(line); });
      child.once('error', (e) => { clearTimeout(timer); reject(e); });
      child.once('exit', (code, signal) => { clearTimeout(timer); reject(new Error(`exited ${code ?? signal}`)); });
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.stdin.write(run.spec + '\n');
    let first: { ready?: unknown; torch?: unknown };
    try {
      first = JSON.parse(await ready);
    } catch (e) {
      child.kill();
      return `${run.python} ${run.script} (serve): ${e instanceof Error ? e.message : String(e)}: ${tail(stderr)}`;
    }
    if (!Array.isArray(first.ready)) {
      child.kill();
      return `${run.python} ${run.script} (serve) did not report ready: ${tail(stderr)}`;
    }
    const paired = new PairedTorch(child, String(first.torch));
    paired.stderr = stderr;
    child.stderr.on('data', (d: Buffer) => { paired.stderr += d.toString(); });
    lines.on('line', (line) => paired.pending.shift()?.resolve(line));
    child.on('exit', (code, signal) => {
      paired.exited = `the PyTorch reference exited ${code ?? signal}: ${tail(paired.stderr)}`;
      for (const p of paired.pending.splice(0)) p.reject(new Error(paired.exited));
    });
    return paired;
  }

  /** Wall times (ms) of `calls` consecutive energy+forces calls of case k. */
  async time(k: number, calls: number): Promise<number[]> {
    if (this.exited) throw new Error(this.exited);
    const line = new Promise<string>((resolve, reject) => this.pending.push({ resolve, reject }));
    this.child.stdin.write(JSON.stringify({ system: k, calls }) + '\n');
    const reply = JSON.parse(await line) as { ms?: unknown };
    if (!Array.isArray(reply.ms) || reply.ms.length !== calls) throw new Error(`the PyTorch reference answered ${JSON.stringify(reply).slice(0, 200)}`);
    return reply.ms.map(Number);
  }

  /** Ends the reference (its stdin closes; it exits when the last request is answered). */
  close(): void {
    this.child.stdin.end();
  }
}
