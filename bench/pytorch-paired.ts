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
  /** Requests in the order sent; the reference answers each with one line, the first (the spec) with its ready line. */
  private readonly pending: Array<{ resolve: (line: string) => void; reject: (e: Error) => void }> = [];
  private stderr = '';
  private exited: string | undefined;
  private version = '';

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    // A write to a reference that has died fails with EPIPE; its exit says why instead.
    child.stdin.on('error', () => {});
    child.stderr.on('data', (d: Buffer) => { this.stderr += d.toString(); });
    createInterface({ input: child.stdout }).on('line', (line) => this.pending.shift()?.resolve(line));
    const end = (why: string) => {
      this.exited = `the PyTorch reference ${why}: ${tail(this.stderr)}`;
      for (const p of this.pending.splice(0)) p.reject(new Error(this.exited));
    };
    child.on('error', (e) => end(`could not run (${e.message})`));
    child.on('exit', (code, signal) => end(`exited ${code ?? signal}`));
  }

  /** The reference's torch version. */
  get torch(): string {
    return this.version;
  }

  /** Starts the reference on `cases` (their indices name them in `time`); a string says why it cannot. */
  static async start(cases: readonly TorchCase[], env: NodeJS.ProcessEnv = process.env): Promise<PairedTorch | string> {
    const run = referenceCommand(cases, env, { serve: true });
    if (!run.ok) return run.reason;
    const paired = new PairedTorch(spawn(run.python, [run.script], { env: run.env, stdio: ['pipe', 'pipe', 'pipe'] }));
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer within ${READY_TIMEOUT_MS / 1000} s`)), READY_TIMEOUT_MS); });
      const first = JSON.parse(await Promise.race([paired.send(run.spec), timeout])) as { ready?: unknown; torch?: unknown };
      if (!Array.isArray(first.ready)) throw new Error('it did not report ready');
      paired.version = String(first.torch);
      return paired;
    } catch (e) {
      paired.child.kill();
      return `${run.python} ${run.script} (serve): ${e instanceof Error ? e.message : String(e)}`;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Wall times (ms) of `calls` consecutive energy+forces calls of case k. */
  async time(k: number, calls: number): Promise<number[]> {
    const reply = JSON.parse(await this.send(JSON.stringify({ system: k, calls }))) as { ms?: unknown };
    if (!Array.isArray(reply.ms) || reply.ms.length !== calls) throw new Error(`the PyTorch reference answered ${JSON.stringify(reply).slice(0, 200)}`);
    return reply.ms.map(Number);
  }

  /** Ends the reference (its stdin closes; it exits when the last request is answered). */
  close(): void {
    this.child.stdin.end();
  }

  /** One line to the reference; its one-line answer. */
  private send(line: string): Promise<string> {
    if (this.exited) return Promise.reject(new Error(this.exited));
    const answer = new Promise<string>((resolve, reject) => this.pending.push({ resolve, reject }));
    this.child.stdin.write(line + '\n');
    return answer;
  }
}
