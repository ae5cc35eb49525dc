// A device's failures as named errors instead of hangs or console noise: `device.lost` and
// uncaptured (validation, out-of-memory, internal) errors are recorded once; `check` throws the
// first, `guard` makes an await give up as soon as the device is lost (a mapAsync on a lost
// device need not settle).

/** The GPU device went away (driver reset, destroy(), the page lost its GPU). */
export class GpuDeviceLostError extends Error {
  override name = 'GpuDeviceLostError';
}

/** The device reported an error no scope caught (a bug or resource exhaustion). */
export class GpuDeviceError extends Error {
  override name = 'GpuDeviceError';
}

/** How long a failed await waits for `device.lost` to say why, ms. */
const LOSS_GRACE_MS = 200;

export class DeviceWatch {
  private failure: Error | null = null;
  private readonly lost: Promise<Error>;

  constructor(device: GPUDevice) {
    this.lost = device.lost.then((info) => {
      const e = new GpuDeviceLostError(`webgpu: the device was lost (${info.reason || 'unknown'}${info.message ? `: ${info.message}` : ''})`);
      this.failure ??= e;
      return e;
    });
    device.addEventListener('uncapturederror', (event) => {
      const error = (event as GPUUncapturedErrorEvent).error;
      this.failure ??= new GpuDeviceError(`webgpu: the device reported an error: ${error.message.split('\n')[0]}`);
    });
  }

  /** The first failure so far, or null. */
  get error(): Error | null {
    return this.failure;
  }

  /** Throws the first failure, if any. */
  check(): void {
    if (this.failure) throw this.failure;
  }

  /** `p`, or the device's loss if that comes first; a failure of `p` after a loss reads as the loss. */
  async guard<T>(p: Promise<T>): Promise<T> {
    let result: T;
    try {
      result = await Promise.race([p, this.lost.then((e) => Promise.reject(e))]);
    } catch (e) {
      // A read on a destroyed device fails before `lost` settles: give the loss a moment to land.
      const lost = await Promise.race([this.lost, new Promise<null>((resolve) => setTimeout(() => resolve(null), LOSS_GRACE_MS))]);
      throw this.failure ?? lost ?? e;
    }
    this.check();
    return result;
  }
}
