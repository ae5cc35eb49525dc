// Platform-neutral base64 (atob exists in Node >= 16, Deno, Bun, browsers and workerd; encoding is by hand, below).
export function decodeBase64(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

// Encoding writes ASCII bytes directly (btoa over a string built from char codes is ~10× slower
// on the megabytes of a training state).
const ALPHABET = new TextEncoder().encode('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/');
const PAD = 0x3d; // '='

export function encodeBase64(bytes: Uint8Array): string {
  const out = new Uint8Array(4 * Math.ceil(bytes.length / 3));
  let o = 0;
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out[o++] = ALPHABET[n >>> 18];
    out[o++] = ALPHABET[(n >>> 12) & 63];
    out[o++] = ALPHABET[(n >>> 6) & 63];
    out[o++] = ALPHABET[n & 63];
  }
  const rest = bytes.length - i;
  if (rest > 0) {
    const n = (bytes[i] << 16) | (rest === 2 ? bytes[i + 1] << 8 : 0);
    out[o++] = ALPHABET[n >>> 18];
    out[o++] = ALPHABET[(n >>> 12) & 63];
    out[o++] = rest === 2 ? ALPHABET[(n >>> 6) & 63] : PAD;
    out[o++] = PAD;
  }
  return new TextDecoder().decode(out);
}
