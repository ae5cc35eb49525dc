// MD on the GPU (issue #11): velocity Verlet and Langevin BAOAB with the Wasm core's step order
// (host/md/ensembles/steps.ts) and Philox streams, around any GpuForcePass over the GPU
// neighbour list. Positions live in fixed point (2^-32 Å, exact sums: shaders/md/fixed.wgsl),
// velocities and forces in f32. Steps go in batches of one submission each (step-gate.ts): the
// neighbour list's rebuild check runs on the GPU, and a batch reads back one word, the step
// that needs a search if any; the host searches and goes on from there. Nothing else crosses
// the bus but thermo (kinetic and potential energy, compensated sums in a fixed order) every
// `thermoEvery` steps, frames when asked, and checkpoints of the state every
// `checkpointEvery` steps if asked. (With skin 0 every step searches, so every step reads
// back.) When the device is lost or reports an error the run stops with GpuDeviceLostError /
// GpuDeviceError and `state()` holds the last state read back, from which the Wasm MD can go on.
import type { GpuForcePass } from './gpu-contract.js';
import { Kernels, dispatch, uniformWords, WORKGROUP, type Gate } from './kernels.js';
import { storageBuffer, readBack } from './limits.js';
import { GpuNeighborList } from './neighbor-list.js';
import { encodeFixed, decodeFixed } from './fixed-point.js';
import { DeviceWatch, GpuDeviceLostError, GpuDeviceError } from './device-watch.js';
import { StepGate } from './step-gate.js';
import { MVV2E, KB_EV_PER_K, MD_UNIFORM, LEVEL_UNIFORM } from '../../generated/layouts.js';

export type GpuEnsemble =
  | { readonly kind: 'nve' }
  /** temperature K, friction 1/fs, seed an integer in [0, 2^53). */
  | { readonly kind: 'langevin'; readonly temperature: number; readonly friction: number; readonly seed: number };

export interface GpuMdOptions {
  /** Positions, Å (3n). */
  readonly positions: ArrayLike<number>;
  /** Velocities, Å/fs (3n; default 0). */
  readonly velocities?: ArrayLike<number>;
  /** amu (n). */
  readonly masses: ArrayLike<number>;
  readonly cell?: ArrayLike<number> | null;
  readonly pbc?: readonly boolean[] | null;
  /** Time step, fs. */
  readonly dt: number;
  readonly ensemble: GpuEnsemble;
  /** Neighbour-list cutoff (≥ the force pass's), Å, and Verlet skin, Å. */
  readonly cutoff: number;
  readonly skin?: number;
  /** Makes the force pass for n atoms (it reads the engine's GpuEdges). */
  readonly forcePass: (n: number) => GpuForcePass;
  /** Steps already made (a continued run: the next step draws Langevin noise of step + 1). */
  readonly step?: number;
}

export interface GpuThermo {
  readonly step: number;
  /** eV */
  readonly kinetic: number;
  /** eV */
  readonly potential: number;
  /** K, over 3n degrees of freedom. */
  readonly temperature: number;
}

/** What the Wasm MD needs to go on: positions Å, velocities Å/fs, the steps made. */
export interface GpuMdState {
  readonly step: number;
  /** Counter of the last Langevin noise drawn (= step: step s draws with counter s). */
  readonly rngStep: number;
  readonly positions: Float64Array;
  readonly velocities: Float64Array;
}

export interface GpuRunOptions {
  /** Thermo is read back every this many steps (and after the last). */
  readonly thermoEvery?: number;
  /** The state is read back every this many steps (0: only at the end). */
  readonly checkpointEvery?: number;
  readonly onThermo?: (t: GpuThermo) => void;
  /**
   * Most steps in one submission (default 64; the engine starts smaller and adapts to how
   * often the list needs a search). 1 checks the neighbour list on the host every step, one
   * read-back per step. The bits are the same either way.
   */
  readonly batch?: number;
}

const DEFAULT_BATCH = 64;
/** Bytes of one step's Md uniform. */
const MD_BYTES = 4 * MD_UNIFORM.WORDS;

type Bound = [GPUComputePipeline, GPUBindGroup];
interface StepKernels { readonly kick: Bound; readonly full: Bound; readonly half: Bound; readonly o: Bound }

export class GpuMd {
  readonly n: number;
  readonly neighbors: GpuNeighborList;
  private readonly device: GPUDevice;
  private readonly watch: DeviceWatch;
  private readonly pass: GpuForcePass;
  private readonly buffers: Record<'pos' | 'vel' | 'force' | 'energies' | 'accel' | 'mass' | 'sigma' | 'fault' | 'records' | 'reduceA' | 'reduceB', GPUBuffer>;
  private readonly params: GPUBuffer;
  private readonly reduceSizes: { count: number; sizes: GPUBuffer }[] = [];
  private steps: number;
  private saved: GpuMdState;
  private cachedKernels: StepKernels | null = null;
  /** The check of batched steps (skin > 0), made at the first batch. */
  private gate: StepGate | null = null;
  /** Md uniforms of a batch's steps, copied into `params` one per step. */
  private stepParams: GPUBuffer | null = null;
  /** Steps the next batch encodes (grows while batches end clean, shrinks to a halted one's length). */
  private window = 8;

  private constructor(private readonly kernels: Kernels, private readonly options: GpuMdOptions) {
    const n = options.masses.length;
    this.n = n;
    this.device = kernels.device;
    this.watch = new DeviceWatch(this.device);
    const { positions, velocities, dt, ensemble } = options;
    if (positions.length !== 3 * n) throw new Error(`gpu md: positions has ${positions.length} values, expected 3n = ${3 * n}`);
    if (velocities && velocities.length !== 3 * n) throw new Error(`gpu md: velocities has ${velocities.length} values, expected ${3 * n}`);
    if (!(dt > 0 && Number.isFinite(dt))) throw new Error(`gpu md: dt must be a positive number of fs, got ${dt}`);
    const badMass = Array.from(options.masses).findIndex((m) => !(m > 0 && Number.isFinite(m)));
    if (badMass >= 0) throw new Error(`gpu md: mass of atom ${badMass} is ${options.masses[badMass]} (must be positive)`);
    if (ensemble.kind === 'langevin') {
      const { temperature: T, friction, seed } = ensemble;
      if (!(T >= 0 && Number.isFinite(T))) throw new Error(`gpu md: temperature must be a finite number of K ≥ 0, got ${T}`);
      if (!(friction > 0 && Number.isFinite(friction))) throw new Error(`gpu md: friction must be a positive number of 1/fs, got ${friction}`);
      if (!(Number.isInteger(seed) && seed >= 0 && seed < 2 ** 53)) throw new Error(`gpu md: seed must be an integer in [0, 2^53), got ${seed}`);
    }
    const posWords = encodeFixed(positions, 'positions');
    this.steps = options.step ?? 0;
    const d = this.device;
    const vel = new Float32Array(4 * n);
    for (let i = 0; i < n; i++) for (let k = 0; k < 3; k++) vel[4 * i + k] = velocities?.[3 * i + k] ?? 0;
    const m = Float64Array.from(options.masses);
    const groups = Math.ceil(n / WORKGROUP);
    this.buffers = {
      pos: storageBuffer(d, 8 * 3 * n, 'md.positions'),
      vel: storageBuffer(d, 16 * n, 'md.velocities'),
      force: storageBuffer(d, 4 * 3 * n, 'md.forces'),
      energies: storageBuffer(d, 4 * n, 'md.energies'),
      accel: storageBuffer(d, 4 * n, 'md.accel'),
      mass: storageBuffer(d, 4 * n, 'md.masses'),
      sigma: storageBuffer(d, 4 * n, 'md.sigma'),
      fault: storageBuffer(d, 16, 'md.fault'),
      records: storageBuffer(d, 16 * n, 'md.records'),
      reduceA: storageBuffer(d, 16 * groups, 'md.reduceA'),
      reduceB: storageBuffer(d, 16 * groups, 'md.reduceB'),
    };
    const q = d.queue;
    q.writeBuffer(this.buffers.pos, 0, posWords);
    q.writeBuffer(this.buffers.vel, 0, vel);
    q.writeBuffer(this.buffers.accel, 0, Float32Array.from(m, (x) => 1 / (x * MVV2E)));
    q.writeBuffer(this.buffers.mass, 0, Float32Array.from(m));
    if (ensemble.kind === 'langevin') {
      const c1 = Math.exp(-ensemble.friction * dt);
      const c2 = Math.sqrt(((1 - c1 * c1) * KB_EV_PER_K * ensemble.temperature) / MVV2E);
      q.writeBuffer(this.buffers.sigma, 0, Float32Array.from(m, (x) => c2 / Math.sqrt(x)));
    }
    this.params = d.createBuffer({ size: MD_BYTES, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST, label: 'md.params' });
    q.writeBuffer(this.params, 0, this.paramWords(this.steps));
    for (let count = n; ; count = Math.ceil(count / WORKGROUP)) {
      this.reduceSizes.push({ count, sizes: kernels.uniform(uniformWords(LEVEL_UNIFORM, { count }), 'md.reduce') });
      if (count === 1) break;
    }
    this.neighbors = new GpuNeighborList(kernels, { cutoff: options.cutoff, skin: options.skin ?? 0 });
    this.neighbors.setCell(options.cell, options.pbc);
    this.neighbors.attach(this.buffers.pos, n);
    this.pass = options.forcePass(n);
    this.saved = { step: this.steps, rngStep: this.steps, positions: Float64Array.from(positions), velocities: Float64Array.from(velocities ?? new Float64Array(3 * n)) };
  }

  /** An engine with forces computed at the start (async: the neighbour list reads back). */
  static async create(kernels: Kernels, options: GpuMdOptions): Promise<GpuMd> {
    const md = new GpuMd(kernels, options);
    await md.forces(false);
    return md;
  }

  /** Steps made so far. */
  get step(): number {
    return this.steps;
  }

  /** The last state read back (at the start, a checkpoint, a frame or the end of a run). */
  state(): GpuMdState {
    return this.saved;
  }

  /** Makes `steps` steps; resolves with the thermo read back on the way. */
  async run(steps: number, options: GpuRunOptions = {}): Promise<GpuThermo[]> {
    const { thermoEvery = steps, checkpointEvery = 0, onThermo, batch = DEFAULT_BATCH } = options;
    if (!(Number.isInteger(steps) && steps >= 0)) throw new Error(`gpu md: steps must be an integer ≥ 0, got ${steps}`);
    if (!(Number.isInteger(thermoEvery) && thermoEvery >= 1)) throw new Error(`gpu md: thermoEvery must be an integer ≥ 1, got ${thermoEvery}`);
    if (!(Number.isInteger(checkpointEvery) && checkpointEvery >= 0)) throw new Error(`gpu md: checkpointEvery must be an integer ≥ 0, got ${checkpointEvery}`);
    if (!(Number.isInteger(batch) && batch >= 1)) throw new Error(`gpu md: batch must be an integer ≥ 1, got ${batch}`);
    if (this.steps + steps > 0xffffffff) throw new Error('gpu md: the step counter (one 32-bit word of the random counter) would overflow');
    const out: GpuThermo[] = [];
    const after = (made: number, every: number) => (Math.floor(made / every) + 1) * every;
    try {
      for (let made = 0; made < steps; ) {
        const stop = Math.min(steps, after(made, thermoEvery), checkpointEvery > 0 ? after(made, checkpointEvery) : steps);
        made += await this.advance(stop - made, batch);
        const last = made === steps;
        if (made % thermoEvery === 0 || last) {
          const t = await this.thermo();
          out.push(t);
          onThermo?.(t);
        }
        if ((checkpointEvery > 0 && made % checkpointEvery === 0) || last) await this.frame();
      }
    } catch (e) {
      if (e instanceof GpuDeviceLostError || e instanceof GpuDeviceError) {
        const Failure = e instanceof GpuDeviceLostError ? GpuDeviceLostError : GpuDeviceError;
        throw new Failure(`${e.message}; the run stopped at step ${this.steps}; state() holds step ${this.saved.step} ` +
          '(positions, velocities), from which the Wasm MD can go on', { cause: e });
      }
      throw e;
    }
    return out;
  }

  /** Reads positions (Å, exact) and velocities (Å/fs) back; they become `state()`. */
  async frame(): Promise<GpuMdState> {
    const [pos, vel] = await this.watch.guard(Promise.all([
      readBack(this.device, this.buffers.pos, 8 * 3 * this.n), readBack(this.device, this.buffers.vel, 16 * this.n)]));
    const v4 = new Float32Array(vel);
    const velocities = new Float64Array(3 * this.n);
    for (let i = 0; i < this.n; i++) for (let k = 0; k < 3; k++) velocities[3 * i + k] = v4[4 * i + k];
    this.saved = { step: this.steps, rngStep: this.steps, positions: decodeFixed(new Uint32Array(pos)), velocities };
    return this.saved;
  }

  /** Kinetic and potential energy now (compensated f32 sums in a fixed order, added in f64). */
  async thermo(): Promise<GpuThermo> {
    const k = this.kernels;
    const enc = this.device.createCommandEncoder();
    const pass = enc.beginComputePass();
    const terms = k.pipeline('md/thermo.wgsl', 'main');
    dispatch(pass, terms, k.bind(terms, [this.params, this.buffers.vel, this.buffers.mass, this.buffers.energies, this.buffers.records]), this.n);
    const sum = k.pipeline('md/reduce-sum.wgsl');
    let src = this.buffers.records;
    this.reduceSizes.forEach((level, l) => {
      if (level.count === 1 && l > 0) return;
      const dst = l % 2 === 0 ? this.buffers.reduceA : this.buffers.reduceB;
      dispatch(pass, sum, k.bind(sum, [level.sizes, src, dst]), Math.ceil(level.count / WORKGROUP));
      src = dst;
    });
    pass.end();
    this.device.queue.submit([enc.finish()]);
    const [r, fault] = await this.watch.guard(Promise.all([readBack(this.device, src, 16), readBack(this.device, this.buffers.fault, 4)]));
    const v = new Float32Array(r);
    const kinetic = v[0] + v[1], potential = v[2] + v[3];
    if (new Uint32Array(fault)[0] !== 0 || !Number.isFinite(kinetic) || !Number.isFinite(potential)) {
      throw new Error(`gpu md: the run blew up by step ${this.steps} (non-finite velocities or energies: kinetic ${kinetic} eV, potential ${potential} eV); ` +
        `state() holds step ${this.saved.step}; reduce dt or check the structure`);
    }
    return { step: this.steps, kinetic, potential, temperature: (2 * kinetic) / (3 * this.n * KB_EV_PER_K) };
  }

  destroy(): void {
    this.pass.destroy();
    this.neighbors.destroy();
    this.gate?.destroy();
    this.stepParams?.destroy();
    for (const b of [...Object.values(this.buffers), this.params, ...this.reduceSizes.map((l) => l.sizes)]) b.destroy();
  }

  /** The Md uniform of step `step`. */
  private paramWords(step: number): ArrayBuffer {
    const { dt, ensemble } = this.options;
    const words = new ArrayBuffer(MD_BYTES);
    const u = new Uint32Array(words), f = new Float32Array(words);
    u[MD_UNIFORM.n] = this.n;
    u[MD_UNIFORM.step] = step;
    if (ensemble.kind === 'langevin') {
      u[MD_UNIFORM.seedLo] = ensemble.seed % 2 ** 32;
      u[MD_UNIFORM.seedHi] = Math.floor(ensemble.seed / 2 ** 32);
      f[MD_UNIFORM.decay] = Math.exp(-ensemble.friction * dt);
    }
    f[MD_UNIFORM.dt] = dt;
    return words;
  }

  /** Pipelines and bind groups of the step kernels, made once (the run's buffers never change). */
  private stepKernels(): StepKernels {
    if (this.cachedKernels) return this.cachedKernels;
    const k = this.kernels;
    const { vel, pos, force, accel, sigma, fault } = this.buffers;
    const kick = k.pipeline('md/kick.wgsl', 'main');
    const full = k.pipeline('md/drift.wgsl', 'full');
    const half = k.pipeline('md/drift.wgsl', 'half');
    const o = k.pipeline('md/langevin-o.wgsl', 'main', ['md/philox.wgsl']);
    this.cachedKernels = {
      kick: [kick, k.bind(kick, [this.params, vel, force, accel])],
      full: [full, k.bind(full, [this.params, vel, pos, fault])],
      half: [half, k.bind(half, [this.params, vel, pos, fault])],
      o: [o, k.bind(o, [this.params, vel, sigma])],
    };
    return this.cachedKernels;
  }

  /**
   * Makes between 1 and `limit` steps: one checked on the host (batch 1, or skin 0), or a batch
   * checked on the GPU. A batch that halts at step h has made the steps before h; the host then
   * searches and finishes step h. Returns the steps made.
   */
  private async advance(limit: number, batch: number): Promise<number> {
    if (batch === 1 || !(this.neighbors.skin > 0)) {
      await this.oneStep();
      return 1;
    }
    const size = Math.min(limit, batch, this.window);
    const first = this.steps + 1;
    const gate = this.batchGate(size);
    this.watch.check();
    const params = new Uint8Array(size * MD_BYTES);
    for (let k = 0; k < size; k++) params.set(new Uint8Array(this.paramWords(first + k)), k * MD_BYTES);
    this.device.queue.writeBuffer(this.stepParams!, 0, params);
    gate.begin();
    const enc = this.device.createCommandEncoder();
    for (let k = 0; k < size; k++) {
      enc.copyBufferToBuffer(this.stepParams!, k * MD_BYTES, this.params, 0, MD_BYTES);
      const pass = enc.beginComputePass();
      this.encodeDrift(pass, gate);
      this.neighbors.encodeCheck(pass, gate);
      pass.end();
      this.neighbors.encodeKeptSizes(enc);
      this.encodeForces(enc, true, gate);
    }
    gate.arm();
    this.device.queue.submit([enc.finish()]);
    const halted = await this.watch.guard(gate.halted());
    if (halted === 0) {
      this.steps += size;
      this.window = Math.min(batch, 2 * this.window);
      return size;
    }
    // Step `halted` has drifted and its list needs a search: finish it as a host-checked step would.
    this.device.queue.writeBuffer(this.params, 0, this.paramWords(halted));
    await this.forces(true);
    this.steps = halted;
    this.window = Math.max(4, halted - first + 1);
    return halted - first + 1;
  }

  /** The gate and the Md uniforms of a batch of `size` steps (made, or grown, on first need). */
  private batchGate(size: number): StepGate {
    this.gate ??= new StepGate(this.kernels, this.neighbors.skin / 2, this.params);
    if (!this.stepParams || this.stepParams.size < size * MD_BYTES) {
      this.stepParams?.destroy();
      this.stepParams = this.device.createBuffer({ size: size * MD_BYTES, usage: GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST, label: 'md.stepParams' });
    }
    return this.gate;
  }

  /** One step checked on the host: B A (O A) | rebuild check (a read-back) | edge vectors, forces, B. */
  private async oneStep(): Promise<void> {
    const step = this.steps + 1;
    this.device.queue.writeBuffer(this.params, 0, this.paramWords(step));
    const enc = this.device.createCommandEncoder();
    const pass = enc.beginComputePass();
    this.encodeDrift(pass);
    pass.end();
    this.device.queue.submit([enc.finish()]);
    await this.forces(true);
    this.steps = step;
  }

  /** The opening half kick and the drift: B A, or B A O A for Langevin. */
  private encodeDrift(pass: GPUComputePassEncoder, gate?: Gate): void {
    const { kick, full, half, o } = this.stepKernels();
    dispatch(pass, ...kick, this.n, gate);
    if (this.options.ensemble.kind === 'langevin') {
      dispatch(pass, ...half, this.n, gate);
      dispatch(pass, ...o, this.n, gate);
      dispatch(pass, ...half, this.n, gate);
    } else {
      dispatch(pass, ...full, this.n, gate);
    }
  }

  /** Neighbour list checked on the host (rebuilt if needed), then the forces. */
  private async forces(closeKick: boolean): Promise<void> {
    this.watch.check();
    await this.watch.guard(this.neighbors.refresh());
    const enc = this.device.createCommandEncoder();
    this.encodeForces(enc, closeKick);
    this.device.queue.submit([enc.finish()]);
  }

  /** Edge vectors, the force pass, then (in a step) the closing half kick. */
  private encodeForces(enc: GPUCommandEncoder, closeKick: boolean, gate?: Gate): void {
    let pass = enc.beginComputePass();
    this.neighbors.encodeVectors(pass, gate);
    pass.end();
    this.pass.encode(enc, this.neighbors.edges, { energies: this.buffers.energies, forces: this.buffers.force }, { gate });
    if (closeKick) {
      pass = enc.beginComputePass();
      dispatch(pass, ...this.stepKernels().kick, this.n, gate);
      pass.end();
    }
  }
}
