// Platform-neutral base64 decoding (atob exists in Node >= 16, Deno, Bun, browsers and workerd).
export function decodeBase64(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Platform-neutral base64 encoding (btoa), in chunks so large inputs do not overflow the call stack. */
export function encodeBase64(bytes: Uint8Array): string {
  let bin = '';
  for (let k = 0; k < bytes.length; k += 0x8000) bin += String.fromCharCode(...bytes.subarray(k, k + 0x8000));
  return btoa(bin);
}
