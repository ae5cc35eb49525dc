// Whether this runtime has any WebGPU to try, without starting one: browsers and Deno have
// navigator.gpu; Node and Bun reach Dawn (npm `webgpu`) over Vulkan, which needs a Vulkan driver
// manifest (VK_ICD_FILENAMES / VK_DRIVER_FILES, or one in the standard icd.d folders). Dawn
// prints loader warnings to stderr when there is none, so `auto` asks here first.

const ICD_DIRS = ['/usr/share/vulkan/icd.d', '/etc/vulkan/icd.d', '/usr/local/share/vulkan/icd.d'];

/** null when a WebGPU adapter may exist here; else why there is none. */
export async function noWebGpuHere(): Promise<string | null> {
  const g = globalThis as { navigator?: { gpu?: unknown }; process?: { env?: Record<string, string | undefined>; versions?: { node?: string } } };
  if (g.navigator?.gpu) return null;
  if (!g.process?.versions?.node) return 'this runtime has no navigator.gpu';
  const env = g.process.env ?? {};
  if (env.VK_ICD_FILENAMES || env.VK_DRIVER_FILES || env.VK_ADD_DRIVER_FILES) return null;
  const fsName = 'node:fs'; // a variable: bundlers must not resolve it
  try {
    const fs = (await import(/* @vite-ignore */ fsName)) as { readdirSync(p: string): string[] };
    for (const dir of ICD_DIRS) {
      try {
        if (fs.readdirSync(dir).some((f) => f.endsWith('.json'))) return null;
      } catch { /* absent */ }
    }
  } catch {
    return null; // cannot tell: let the adapter request decide
  }
  return 'no Vulkan driver is installed for WebGPU (npm webgpu / Dawn)';
}
