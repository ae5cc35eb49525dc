// Seeded random numbers for the data set: every system draws from its own stream, keyed by the
// global seed and the system's name, so one system regenerates alone (`--only`) with the same
// bits as in the full run. Mulberry32 (32-bit state) and Box–Muller; V8's Math.log/cos/sqrt are
// the same fdlibm ports on every platform, so the streams are reproducible.

/** FNV-1a hash of a string, 32 bits. */
function fnv1a(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** A stream of uniform numbers in [0, 1) and standard normal deviates for (seed, key). */
export function createRng(seed, key) {
  let s = (fnv1a(`${seed}:${key}`) ^ 0x9e3779b9) >>> 0;
  const uniform = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = () => {
    const u = 1 - uniform(); // (0, 1]: log stays finite
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform());
  };
  const integer = (n) => Math.floor(uniform() * n);
  return { uniform, normal, integer };
}
