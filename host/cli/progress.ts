// Progress of long runs (md, verify): on a TTY a cli-progress bar with steps/s, ns/day (MD), T,
// Etot and ETA; elsewhere (pipes, CI logs, nohup) a plain line every few seconds, so a log
// shows a run is alive and where it is going.
import { createRequire } from 'node:module';
import { env, stderr } from 'node:process';

/** What a progress line shows of the current MD state (K, eV). */
export interface ProgressThermo {
  readonly temperature: number;
  readonly etot: number;
}

export interface Progress {
  /** Steps done so far, and the state after them. */
  update(done: number, thermo?: ProgressThermo): void;
  stop(): void;
}

export interface ProgressOptions {
  /** MD time step, fs: adds ns/day. */
  readonly dtFs?: number;
  /** false: nothing at all (--quiet). Default true. */
  readonly enabled?: boolean;
  /** Bar (true) or plain lines (false); default: whether stderr is a TTY. */
  readonly tty?: boolean;
  /** Where plain lines go (default stderr). */
  readonly write?: (line: string) => void;
  /** Seconds between plain lines (default $CAMPJS_PROGRESS_SECONDS, else 5). */
  readonly intervalS?: number;
}

interface SingleBarLike {
  start(total: number, value: number, payload?: object): void;
  update(value: number, payload?: object): void;
  stop(): void;
}

interface CliProgressModule {
  SingleBar: new (options: object, preset?: object) => SingleBarLike;
  Presets: { shades_classic: object };
}

const SILENT: Progress = { update() {}, stop() {} };
const DEFAULT_INTERVAL_S = 5;

export async function createProgress(label: string, total: number, options: ProgressOptions = {}): Promise<Progress> {
  if (options.enabled === false || total <= 0) return SILENT;
  const t0 = performance.now();
  const rateAt = (done: number) => done / Math.max(1e-9, (performance.now() - t0) / 1000);
  const nsday = (rate: number) => (options.dtFs !== undefined ? ((rate * options.dtFs * 86400) / 1e6).toPrecision(3) : '');
  return (options.tty ?? stderr.isTTY) ? bar(label, total, options, rateAt, nsday) : lines(label, total, options, rateAt, nsday);
}

function bar(label: string, total: number, options: ProgressOptions, rateAt: (done: number) => number, nsday: (rate: number) => string): Progress {
  // cli-progress is CommonJS and requires Node built-ins, which esbuild's ESM bundle cannot do;
  // it is a runtime dependency of the package, so it is loaded from node_modules instead.
  const { SingleBar, Presets } = createRequire(import.meta.url)('cli-progress') as CliProgressModule;
  const ns = options.dtFs !== undefined ? ' | {nsday} ns/day' : '';
  const b = new SingleBar({
    format: `${label} [{bar}] {value}/{total} | {rate} steps/s${ns}{thermo} | ETA {eta_formatted}`,
    stream: stderr,
    hideCursor: true,
    etaBuffer: 50,
  }, Presets.shades_classic);
  const payload = (done: number, thermo?: ProgressThermo) => {
    const rate = rateAt(done);
    return { rate: formatRate(rate), nsday: nsday(rate), thermo: thermo ? ` | ${formatThermo(thermo)}` : '' };
  };
  b.start(total, 0, payload(0));
  return { update: (done, thermo) => b.update(done, payload(done, thermo)), stop: () => b.stop() };
}

function lines(label: string, total: number, options: ProgressOptions, rateAt: (done: number) => number, nsday: (rate: number) => string): Progress {
  const write = options.write ?? ((line: string) => stderr.write(`${line}\n`));
  const fromEnv = Number(env.CAMPJS_PROGRESS_SECONDS);
  const intervalMs = 1000 * (options.intervalS ?? (env.CAMPJS_PROGRESS_SECONDS !== undefined && fromEnv >= 0 ? fromEnv : DEFAULT_INTERVAL_S));
  let last = performance.now();
  return {
    update(done, thermo) {
      const now = performance.now();
      if (now - last < intervalMs || done >= total) return;
      last = now;
      const rate = rateAt(done);
      const ns = options.dtFs !== undefined ? `, ${nsday(rate)} ns/day` : '';
      const state = thermo ? ` | ${formatThermo(thermo)}` : '';
      write(`${label}: step ${done}/${total} (${Math.floor((100 * done) / total)}%)${state} | ${formatRate(rate)} steps/s${ns} | ETA ${formatDuration((total - done) / rate)}`);
    },
    stop() {},
  };
}

function formatRate(rate: number): string {
  return rate >= 100 ? rate.toFixed(0) : rate.toPrecision(3);
}

function formatThermo(t: ProgressThermo): string {
  return `T ${t.temperature.toFixed(1)} K | Etot ${t.etot.toFixed(4)} eV`;
}

/** 42s, 3m 05s, 2h 07m. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor(s / 60) % 60).padStart(2, '0')}m`;
}
