// Progress bar for long runs (md, opt, verify): on a TTY a cli-progress bar with steps/s,
// ns/day (MD) and ETA; elsewhere (pipes, CI logs) nothing at all.
import { createRequire } from 'node:module';
import { stderr } from 'node:process';

export interface Progress {
  /** Steps done so far. */
  update(done: number): void;
  stop(): void;
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

/**
 * A bar over `total` steps. With `dtFs` (MD time step, fs) it also shows ns/day.
 * `enabled` defaults to stderr being a TTY.
 */
export async function createProgress(label: string, total: number, options: { dtFs?: number; enabled?: boolean } = {}): Promise<Progress> {
  if (!(options.enabled ?? stderr.isTTY) || total <= 0) return SILENT;
  // cli-progress is CommonJS and requires Node built-ins, which esbuild's ESM bundle cannot do;
  // it is a runtime dependency of the package, so it is loaded from node_modules instead.
  const { SingleBar, Presets } = createRequire(import.meta.url)('cli-progress') as CliProgressModule;
  const nsday = options.dtFs !== undefined ? ' | {nsday} ns/day' : '';
  const bar = new SingleBar({
    format: `${label} [{bar}] {value}/{total} | {rate} steps/s${nsday} | ETA {eta_formatted}`,
    stream: stderr,
    hideCursor: true,
    etaBuffer: 50,
  }, Presets.shades_classic);
  const t0 = performance.now();
  const payload = (done: number) => {
    const rate = done / Math.max(1e-9, (performance.now() - t0) / 1000);
    return {
      rate: rate >= 100 ? rate.toFixed(0) : rate.toPrecision(3),
      nsday: options.dtFs !== undefined ? ((rate * options.dtFs * 86400) / 1e6).toPrecision(3) : '',
    };
  };
  bar.start(total, 0, payload(0));
  return {
    update: (done) => bar.update(done, payload(done)),
    stop: () => bar.stop(),
  };
}
