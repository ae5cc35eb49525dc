// Platform-neutral base64 encoding (btoa exists in Node ≥ 16, Deno, Bun, browsers and workerd),
// the counterpart of host/core/base64.ts's decodeBase64; in chunks so large inputs do not
// overflow the call stack.
export function encodeBase64(bytes: Uint8Array): string {
  let bin = '';
  for (let k = 0; k < bytes.length; k += 0x8000) bin += String.fromCharCode(...bytes.subarray(k, k + 0x8000));
  return btoa(bin);
}
