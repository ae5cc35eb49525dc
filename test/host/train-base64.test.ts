// The base64 encoder of training states against btoa, on every length remainder and all byte values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeBase64 } from '../../host/util/base64.js';
import { decodeBase64 } from '../../host/util/base64.js';

test('encodeBase64 equals btoa and decodes back, for lengths 0..300 and every byte value', () => {
  const all = Uint8Array.from({ length: 300 }, (_, k) => (k * 151 + 7) & 255);
  for (let n = 0; n <= 300; n++) {
    const bytes = all.subarray(0, n);
    const b64 = encodeBase64(bytes);
    assert.equal(b64, btoa(String.fromCharCode(...bytes)), `length ${n}`);
    assert.deepEqual(decodeBase64(b64), bytes);
  }
});
