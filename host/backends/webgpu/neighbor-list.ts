// The neighbour list on the GPU (issue #11): every ordered pair (i, j, S) with
// |x_j − x_i + S·cell| < radius, i = j with S = 0 excluded — the Wasm core's edge set — as a
// GpuEdges in the Wasm core's canonical order (rows by centre atom; in a row, neighbour j then
// image shift S ascending) with reverse-edge indices.
//
// A build: stats.wgsl (extent along open axes) → plan (host, f64) → bin.wgsl + bitonic sort of
// (bin, atom) keys (a stable sort: atoms in a bin stay in index order) → bin-start.wgsl →
// search.wgsl `count` → prefix sum (scan.wgsl) → the total is read back (one number: the
// buffers grow, or the build refuses past maxEdges) → `fill` → sort-rows.wgsl → reverse.wgsl.
// No atomics anywhere, so the result is the same bits run after run.
//
// Verlet skin: with skin > 0 the search keeps every pair within cutoff + skin (candidates) and
// `refresh` searches again only when some atom moved more than skin/2 since the last build
// (stats.wgsl + a max reduction); every step keep.wgsl filters the candidates to |r| < cutoff,
// in order, so the GpuEdges handed out are exactly the edges a fresh search would give. Checked
// on the host, that is one read-back per step (`refresh`: the displacement, the extent and the
// kept count, 9 numbers); a batch of MD steps checks on the GPU instead (`encodeCheck`,
// md-engine.ts and step-gate.ts) and reads nothing back until a search is due. The kept
// buffers hold as many edges as the candidates, so no kept count between searches overflows.
//
// Positions are read where the caller keeps them: fixed-point words (shaders/md/fixed.wgsl),
// 3n vec2<u32>, so edge vectors are exact differences rounded once to f32.
import type { GpuEdges } from './gpu-contract.js';
import { Kernels, dispatch, uniformWords, WORKGROUP, type Gate } from './kernels.js';
import { storageBuffer, readBack, readbackBuffer, GpuLimitError } from './limits.js';
import { EdgeBuffers, EDGE_STRIDE, grownEdges, readEdges, type HostEdges } from './neighbor-edges.js';
import { scanChain, encodeScan, type ScanLevel } from './prefix-sum.js';
import { searchFrame, planSearch, planWords, radiusLimit, PLAN_BYTES, type Frame, type Vec3 } from './neighbor-plan.js';
import { encodeFixed } from './fixed-point.js';
import type { StepGate } from './step-gate.js';
import { NL_KEEP_UNIFORM, LEVEL_UNIFORM, BITONIC_STAGE_UNIFORM, EDGE_SIZES_UNIFORM } from '../../generated/layouts.js';

export type { HostEdges };

export interface GpuNeighborOptions {
  /** Cutoff radius, Å (> 0). */
  readonly cutoff: number;
  /** Verlet skin, Å (≥ 0; 0 searches at every refresh). */
  readonly skin?: number;
  /** Refuse more edges than this (default: what one storage binding of vec4 per edge holds). */
  readonly maxEdges?: number;
}


const NEIGHBOR_FILES = ['neighbors/plan.wgsl'];

interface AtomBuffers {
  readonly n: number;
  readonly padded: number;
  readonly atomWrap: GPUBuffer;
  readonly keys: GPUBuffer;
  readonly slotAtom: GPUBuffer;
  readonly binStart: GPUBuffer;
  readonly row: GPUBuffer;
  readonly refPos: GPUBuffer;
  readonly records: GPUBuffer;
  readonly scratch: [GPUBuffer, GPUBuffer];
  /** Counts of the prefix-sum levels: level 0 is the rows (n + 1 values). */
  readonly scanLevels: ScanLevel[];
  /** Rows of the kept edges (skin > 0) and their prefix-sum levels. */
  readonly keptRow: GPUBuffer;
  readonly keptScan: ScanLevel[];
  /** Keep uniform (NL_KEEP_UNIFORM: atoms, the cutoff's exact-test limit). */
  readonly keep: GPUBuffer;
  /** MAP_READ buffer of the per-step read-back (stats maxima, kept count). */
  readonly statsRead: GPUBuffer;
  /** Total of the last scan level (unused: the count is row[n]). */
  readonly scanTop: GPUBuffer;
  readonly reduceLevels: { count: number; sizes: GPUBuffer }[];
  readonly stages: GPUBuffer[];
}

export class GpuNeighborList {
  readonly cutoff: number;
  readonly skin: number;
  readonly radius: number;
  readonly maxEdges: number;
  /** Searches so far. */
  rebuildCount = 0;
  private readonly device: GPUDevice;
  private frame: Frame | null = null;
  private readonly cellFix: GPUBuffer;
  private readonly standIn: [GPUBuffer, GPUBuffer];
  private readonly plan: GPUBuffer;
  private atoms: AtomBuffers | null = null;
  private edgeBuffers: EdgeBuffers | null = null;
  /** The edges within the cutoff, filtered from edgeBuffers' candidates each step (skin > 0). */
  private keptBuffers: EdgeBuffers | null = null;
  private pos: GPUBuffer | null = null;
  /** The positions buffer `build` made (a caller's buffer is never destroyed here). */
  private owned: GPUBuffer | null = null;
  private vectorsGroup: { edges: EdgeBuffers; pos: GPUBuffer; group: GPUBindGroup } | null = null;
  private built = false;
  /** The kept count was last set on the GPU (encodeKeptSizes): the host's copy is stale. */
  private keptCountOnGpu = false;

  constructor(private readonly kernels: Kernels, options: GpuNeighborOptions) {
    const { cutoff, skin = 0 } = options;
    if (!(Number.isFinite(cutoff) && cutoff > 0)) throw new Error(`neighbor list: cutoff must be a positive number of Å, got ${cutoff}`);
    if (!(Number.isFinite(skin) && skin >= 0)) throw new Error(`neighbor list: skin must be a finite number of Å ≥ 0, got ${skin}`);
    this.device = kernels.device;
    const bindingEdges = Math.floor(this.device.limits.maxStorageBufferBindingSize / EDGE_STRIDE);
    const maxEdges = options.maxEdges ?? bindingEdges;
    if (!(Number.isInteger(maxEdges) && maxEdges >= 1)) throw new Error(`neighbor list: maxEdges must be a positive integer, got ${maxEdges}`);
    this.cutoff = cutoff;
    this.skin = skin;
    this.radius = cutoff + skin;
    radiusLimit(this.radius); // refuses a radius the exact distance test cannot take
    this.maxEdges = maxEdges;
    this.cellFix = storageBuffer(this.device, 9 * 8, 'nl.cellFix');
    this.standIn = [storageBuffer(this.device, 16, 'nl.standInNbr'), storageBuffer(this.device, 16, 'nl.standInShift')];
    this.plan = this.device.createBuffer({ size: PLAN_BYTES, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST, label: 'nl.plan' });
  }

  /** The cell (rows, Å) and periodic axes of what follows (the cell of an MD run is fixed). */
  setCell(cell: ArrayLike<number> | null | undefined, pbc: readonly boolean[] | null | undefined): void {
    const flags = [0, 1, 2].map((a) => Boolean(pbc?.[a]));
    if (flags.some((p) => p) && !cell) throw new Error('neighbor list: periodic axes need a cell');
    this.frame = searchFrame(cell, flags);
    const rows = new Float64Array(9);
    for (let a = 0; a < 3; a++) if (flags[a]) for (let x = 0; x < 3; x++) rows[3 * a + x] = cell![3 * a + x];
    this.device.queue.writeBuffer(this.cellFix, 0, encodeFixed(rows, 'cell'));
    this.built = false;
  }

  /** Reads positions from `pos` (fixed point, 3n vec2<u32>) from now on. */
  attach(pos: GPUBuffer, n: number): void {
    if (!(Number.isInteger(n) && n >= 1)) throw new Error(`neighbor list: need at least one atom, got ${n}`);
    if (this.atoms?.n !== n) {
      if (this.atoms) destroyAtoms(this.atoms);
      this.atoms = this.allocateAtoms(n);
    }
    this.pos = pos;
    this.built = false;
  }

  /** The current edges (the same object until the edge buffers grow). */
  get edges(): GpuEdges {
    const edges = this.skin > 0 ? this.keptBuffers : this.edgeBuffers;
    if (!edges || !this.built) throw new Error('neighbor list: no edges yet (call refresh)');
    return edges;
  }

  /**
   * Makes the list valid for the current positions: searches again when nothing was built,
   * skin is 0, or some atom moved more than skin/2. Returns whether it searched. Edge vectors
   * are not refreshed here: encode `encodeVectors` (every step) after it.
   */
  async refresh(): Promise<boolean> {
    const { frame, atoms } = this.need();
    const filtering = this.skin > 0 && this.built;
    const stats = await this.stats(filtering);
    const half = this.skin / 2;
    const search = !(filtering && stats.moved2 <= half * half);
    if (search) await this.search(frame, atoms, stats.lo, stats.hi);
    if (this.skin > 0) {
      const kept = search ? await this.countKept(atoms) : stats.kept;
      this.keptFor(atoms, this.edgeBuffers!.count).setCount(kept);
      this.keptCountOnGpu = false;
    }
    return search;
  }

  /**
   * Encodes what makes edges.vec current for the current positions: the vectors themselves
   * (skin 0), or the copy of the kept candidates refreshed by `refresh` or `encodeCheck` (skin > 0).
   */
  encodeVectors(pass: GPUComputePassEncoder, gate?: Gate): void {
    if (this.skin > 0) this.encodeKeep(pass, gate);
    else this.encodeCandidateVectors(pass, gate);
  }

  /**
   * `refresh` on the GPU for a batch step (skin > 0, after a search): the displacement check
   * (it halts `gate` when a search is due) and, gated, the kept counts. Follow it with
   * `encodeKeptSizes`, outside a pass, then `encodeVectors` with the same gate.
   */
  encodeCheck(pass: GPUComputePassEncoder, gate: StepGate): void {
    const { atoms } = this.need();
    if (!(this.skin > 0 && this.built)) throw new Error('neighbor list: a batch step needs a skin and a first search');
    gate.encodeCheck(pass, this.encodeStats(pass, atoms));
    this.encodeKeptCount(pass, atoms, gate);
  }

  /** Hands the kept count the GPU just made to the kept edges' per-edge kernels (a copy, outside any pass). */
  encodeKeptSizes(encoder: GPUCommandEncoder): void {
    const atoms = this.need().atoms, e = this.keptBuffers!;
    encoder.copyBufferToBuffer(atoms.keptRow, 4 * atoms.n, e.sizes, 4 * EDGE_SIZES_UNIFORM.count, 4);
    this.keptCountOnGpu = true;
  }

  private encodeCandidateVectors(pass: GPUComputePassEncoder, gate?: Gate): void {
    const e = this.edgeBuffers!;
    const k = this.kernels.pipeline('neighbors/edge-vectors.wgsl', 'main', ['neighbors/rows.wgsl']);
    let g = this.vectorsGroup;
    if (!g || g.edges !== e || g.pos !== this.pos) {
      g = { edges: e, pos: this.pos!, group: this.kernels.bind(k, [e.sizes, this.pos, this.cellFix, e.ctr, e.nbr, e.shift, e.vec]) };
      this.vectorsGroup = g;
    }
    dispatch(pass, k, g.group, e.count, gate);
  }

  /** Uploads f64 positions (Å), refreshes and refreshes the vectors: for one-off searches and tests. */
  async build(positions: ArrayLike<number>, cell: ArrayLike<number> | null | undefined, pbc: readonly boolean[] | null | undefined): Promise<GpuEdges> {
    const n = positions.length / 3;
    this.setCell(cell, pbc);
    this.owned?.destroy();
    const pos = storageBuffer(this.device, 8 * 3 * n, 'nl.positions');
    this.owned = pos;
    this.device.queue.writeBuffer(pos, 0, encodeFixed(positions, 'positions'));
    this.attach(pos, n);
    await this.refresh();
    const enc = this.device.createCommandEncoder();
    const pass = enc.beginComputePass();
    this.encodeVectors(pass);
    pass.end();
    this.device.queue.submit([enc.finish()]);
    return this.edges;
  }

  /** The edges as host arrays (reads everything back: tests and diagnostics only). */
  async read(): Promise<HostEdges> {
    const edges = this.edges as EdgeBuffers;
    if (this.keptCountOnGpu) {
      const atoms = this.need().atoms;
      edges.setCount(await this.keptTotal(atoms));
      this.keptCountOnGpu = false;
    }
    return readEdges(this.device, edges);
  }

  destroy(): void {
    this.edgeBuffers?.destroy();
    this.keptBuffers?.destroy();
    this.owned?.destroy();
    if (this.atoms) destroyAtoms(this.atoms);
    for (const b of [this.cellFix, this.plan, ...this.standIn]) b.destroy();
  }

  private need(): { frame: Frame; atoms: AtomBuffers } {
    if (!this.frame) throw new Error('neighbor list: no cell yet (call setCell)');
    if (!this.atoms || !this.pos) throw new Error('neighbor list: no positions yet (call attach)');
    return { frame: this.frame, atoms: this.atoms };
  }

  private allocateAtoms(n: number): AtomBuffers {
    const d = this.device;
    let padded = 1;
    while (padded < n) padded *= 2;
    const maxBins = 2 * n + 64;
    const row = storageBuffer(d, 4 * (n + 1), 'nl.row');
    const keptRow = storageBuffer(d, 4 * (n + 1), 'nl.keptRow');
    const keepWords = new Uint32Array(NL_KEEP_UNIFORM.WORDS);
    keepWords[NL_KEEP_UNIFORM.n] = n;
    keepWords.set(radiusLimit(this.cutoff), NL_KEEP_UNIFORM.limit);
    const reduceLevels: AtomBuffers['reduceLevels'] = [];
    for (let count = n; ; count = Math.ceil(count / WORKGROUP)) {
      reduceLevels.push({ count, sizes: this.kernels.uniform(uniformWords(LEVEL_UNIFORM, { count }), 'nl.reduce') });
      if (count === 1) break;
    }
    const stages: GPUBuffer[] = [];
    for (let k = 2; k <= padded; k *= 2) for (let j = k / 2; j >= 1; j /= 2) stages.push(this.kernels.uniform(uniformWords(BITONIC_STAGE_UNIFORM, { k, j, count: padded }), 'nl.bitonic'));
    return {
      n, padded, row, scanLevels: scanChain(this.kernels, row, n + 1), reduceLevels, stages, scanTop: storageBuffer(d, 4, 'nl.scanTop'),
      keptRow, keptScan: scanChain(this.kernels, keptRow, n + 1), keep: this.kernels.uniform(keepWords, 'nl.keep'),
      statsRead: readbackBuffer(d, 48, 'nl.statsRead'),
      atomWrap: storageBuffer(d, 16 * n, 'nl.atomWrap'),
      keys: storageBuffer(d, 8 * padded, 'nl.keys'),
      slotAtom: storageBuffer(d, 4 * n, 'nl.slotAtom'),
      binStart: storageBuffer(d, 4 * (maxBins + 1), 'nl.binStart'),
      refPos: storageBuffer(d, 8 * 3 * n, 'nl.refPositions'),
      records: storageBuffer(d, 32 * n, 'nl.records'),
      scratch: [storageBuffer(d, 32 * Math.ceil(n / WORKGROUP), 'nl.reduceA'), storageBuffer(d, 32 * Math.ceil(n / WORKGROUP), 'nl.reduceB')],
    };
  }

  /** Candidate vectors, kept counts per row and their prefix sum (skin > 0). */
  private encodeKeptCount(pass: GPUComputePassEncoder, atoms: AtomBuffers, gate?: Gate): void {
    const c = this.edgeBuffers!;
    this.encodeCandidateVectors(pass, gate);
    const k = this.kernels.pipeline('neighbors/keep.wgsl', 'count');
    dispatch(pass, k, this.kernels.bind(k, [atoms.keep, c.row, null, atoms.keptRow, c.nbr, c.shift, null, null, null, this.pos, this.cellFix]), atoms.n + 1, gate);
    encodeScan(this.kernels, pass, atoms.keptScan, atoms.scanTop, gate);
  }

  /** The number of candidates within the cutoff now (right after a search). */
  private async countKept(atoms: AtomBuffers): Promise<number> {
    const enc = this.device.createCommandEncoder();
    const pass = enc.beginComputePass();
    this.encodeKeptCount(pass, atoms);
    pass.end();
    this.device.queue.submit([enc.finish()]);
    return this.keptTotal(atoms);
  }

  /** The kept count the last kept-count scan made (row[n] of the kept rows). */
  private async keptTotal(atoms: AtomBuffers): Promise<number> {
    return new Uint32Array(await readBack(this.device, atoms.keptRow, 4, 4 * atoms.n))[0];
  }

  /**
   * The kept edges: copies and links (keep.wgsl `fill`), then centres and reverses, over as many
   * invocations as candidates (the kept count may be the GPU's own; the kernel stops at it).
   */
  private encodeKeep(pass: GPUComputePassEncoder, gate?: Gate): void {
    const { kernels } = this;
    const atoms = this.atoms!;
    const c = this.edgeBuffers!, e = this.keptBuffers!;
    const fill = kernels.pipeline('neighbors/keep.wgsl', 'fill');
    dispatch(pass, fill, kernels.bind(fill, [atoms.keep, c.row, c.vec, e.row, c.nbr, c.shift, e.nbr, e.shift, e.vec]), atoms.n, gate);
    const rev = kernels.pipeline('neighbors/keep-reverse.wgsl');
    dispatch(pass, rev, kernels.bind(rev, [e.sizes, e.shift, c.shift, c.rev, c.ctr, e.ctr, e.rev]), c.count, gate);
  }

  /**
   * Displacement² since the last build (Å²), the fractional extent of the atoms and, when
   * `filtering`, the number of candidates within the cutoff: one read-back.
   */
  private async stats(filtering: boolean): Promise<{ moved2: number; lo: Vec3; hi: Vec3; kept: number }> {
    const { frame, atoms } = this.need();
    this.device.queue.writeBuffer(this.plan, 0, planWords(frame, null, atoms.n, atoms.padded, this.radius));
    const enc = this.device.createCommandEncoder();
    const pass = enc.beginComputePass();
    const src = this.encodeStats(pass, atoms);
    if (filtering) this.encodeKeptCount(pass, atoms);
    pass.end();
    // The step's one read-back: both maxima records, then the kept count, in one mapped buffer.
    const read = atoms.statsRead;
    enc.copyBufferToBuffer(src, 0, read, 0, 32);
    if (filtering) enc.copyBufferToBuffer(atoms.keptRow, 4 * atoms.n, read, 32, 4);
    this.device.queue.submit([enc.finish()]);
    await read.mapAsync(GPUMapMode.READ);
    const bytes = read.getMappedRange().slice(0, 36);
    read.unmap();
    const v = new Float32Array(bytes, 0, 8);
    return { moved2: v[3], hi: [v[0], v[1], v[2]], lo: [-v[4], -v[5], -v[6]], kept: filtering ? new Uint32Array(bytes, 32, 1)[0] : 0 };
  }

  /** stats.wgsl and its max reduction; returns the buffer whose first two records are the maxima. */
  private encodeStats(pass: GPUComputePassEncoder, atoms: AtomBuffers): GPUBuffer {
    const k = this.kernels.pipeline('neighbors/stats.wgsl', 'main', NEIGHBOR_FILES);
    dispatch(pass, k, this.kernels.bind(k, [this.plan, this.pos, atoms.refPos, atoms.records]), atoms.n);
    const reduce = this.kernels.pipeline('neighbors/reduce-max.wgsl');
    let src = atoms.records;
    atoms.reduceLevels.forEach((level, l) => {
      if (level.count === 1) return;
      const dst = atoms.scratch[l % 2];
      dispatch(pass, reduce, this.kernels.bind(reduce, [level.sizes, src, dst]), Math.ceil(level.count / WORKGROUP));
      src = dst;
    });
    return src;
  }

  private async search(frame: Frame, atoms: AtomBuffers, lo: Vec3, hi: Vec3): Promise<void> {
    const { kernels, device } = this;
    const { n, padded } = atoms;
    this.built = false;
    const plan = planSearch(frame, this.radius, n, lo, hi);
    device.queue.writeBuffer(this.plan, 0, planWords(frame, plan, n, padded, this.radius));
    const nf = NEIGHBOR_FILES;
    let enc = device.createCommandEncoder();
    let pass = enc.beginComputePass();
    const bin = kernels.pipeline('neighbors/bin.wgsl', 'main', nf);
    dispatch(pass, bin, kernels.bind(bin, [this.plan, this.pos, atoms.atomWrap, atoms.keys]), padded);
    const bitonic = kernels.pipeline('neighbors/bitonic.wgsl');
    for (const stage of atoms.stages) dispatch(pass, bitonic, kernels.bind(bitonic, [stage, atoms.keys]), padded);
    const start = kernels.pipeline('neighbors/bin-start.wgsl', 'main', nf);
    dispatch(pass, start, kernels.bind(start, [this.plan, atoms.keys, atoms.slotAtom, atoms.binStart]), n + 1);
    const searchInputs = [this.plan, this.pos, this.cellFix, atoms.atomWrap, atoms.slotAtom, atoms.binStart, atoms.row];
    const count = kernels.pipeline('neighbors/search.wgsl', 'count', nf);
    // `count` shares the walk (and so the bindings) of `fill` but writes no edge: stand-ins.
    dispatch(pass, count, kernels.bind(count, [...searchInputs, this.standIn[0], this.standIn[1]]), n + 1);
    encodeScan(this.kernels, pass, atoms.scanLevels, atoms.scanTop);
    pass.end();
    device.queue.submit([enc.finish()]);
    const total = new Uint32Array(await readBack(device, atoms.row, 4, 4 * n))[0];
    if (total > this.maxEdges) {
      throw new GpuLimitError(`neighbor list: ${total} edges within ${this.radius} Å for ${n} atoms exceed maxEdges = ${this.maxEdges}` +
        ` (limits too small: ${EDGE_STRIDE} bytes per edge in one binding of maxStorageBufferBindingSize = ${device.limits.maxStorageBufferBindingSize});` +
        ' reduce the cutoff or skin, or split the structure');
    }
    const e = this.edgesFor(atoms, total);
    e.setCount(total);
    enc = device.createCommandEncoder();
    pass = enc.beginComputePass();
    const fill = kernels.pipeline('neighbors/search.wgsl', 'fill', nf);
    dispatch(pass, fill, kernels.bind(fill, [...searchInputs, e.nbr, e.shift]), n);
    const sizes = e.sizes;
    const sort = kernels.pipeline('neighbors/sort-rows.wgsl', 'main', ['neighbors/rows.wgsl']);
    dispatch(pass, sort, kernels.bind(sort, [sizes, e.row, e.nbr, e.shift, e.ctr]), n);
    const rev = kernels.pipeline('neighbors/reverse.wgsl', 'main', ['neighbors/rows.wgsl']);
    dispatch(pass, rev, kernels.bind(rev, [sizes, e.row, e.nbr, e.shift, e.ctr, e.rev]), total);
    pass.end();
    enc.copyBufferToBuffer(this.pos!, 0, atoms.refPos, 0, 8 * 3 * n);
    device.queue.submit([enc.finish()]);
    this.built = true;
    this.rebuildCount++;
  }



  /** The edge (or candidate) buffers, grown (with slack) when `count` edges do not fit. */
  private edgesFor(atoms: AtomBuffers, count: number): EdgeBuffers {
    this.edgeBuffers = grownEdges(this.device, this.edgeBuffers, atoms.row, atoms.n, count, this.maxEdges, 'nl');
    return this.edgeBuffers;
  }

  /** The kept-edge buffers (skin > 0), grown when `count` edges do not fit. */
  private keptFor(atoms: AtomBuffers, count: number): EdgeBuffers {
    this.keptBuffers = grownEdges(this.device, this.keptBuffers, atoms.keptRow, atoms.n, count, this.maxEdges, 'nl.kept');
    return this.keptBuffers;
  }


}

/** Frees every buffer of a per-atom set (uniforms of the levels and stages included). */
function destroyAtoms(a: AtomBuffers): void {
  const levels = [...a.scanLevels, ...a.keptScan];
  for (const b of [
    a.atomWrap, a.keys, a.slotAtom, a.binStart, a.refPos, a.records, ...a.scratch, a.scanTop, a.keep, a.statsRead,
    ...levels.map((l) => l.buffer), ...levels.map((l) => l.sizes), ...a.reduceLevels.map((l) => l.sizes), ...a.stages,
  ]) b.destroy();
}
