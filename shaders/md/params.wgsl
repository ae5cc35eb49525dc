// The integrators' uniform (helpers, no bindings; host/backends/webgpu/md-engine.ts writes it
// before each step: keep the two in step). Units: fs, Å/fs.
struct Md {
  /** Atoms. */
  n: u32,
  /** Index of the step being made (the counter of its random numbers). */
  step: u32,
  seedLo: u32,
  seedHi: u32,
  /** Time step, fs. */
  dt: f32,
  /** Langevin velocity decay over dt: exp(−γ dt). */
  decay: f32,
  pad0: u32,
  pad1: u32,
}
