import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Sha256, sha256Hex } from '../../host/util/sha256.js';

const nodeHex = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const pattern = (n: number, seed = 7) => new Uint8Array(n).map((_, i) => (i * 131 + seed * 17 + (i >> 8)) & 255);

test('sha256Hex matches node:crypto on every length around the 64-byte block and padding edges', () => {
  for (let n = 0; n <= 200; n++) assert.equal(sha256Hex(pattern(n)), nodeHex(pattern(n)), `length ${n}`);
  const big = pattern(1_000_003);
  assert.equal(sha256Hex(big), nodeHex(big));
});

test('FIPS 180-4 test vectors', () => {
  const ascii = (s: string) => new TextEncoder().encode(s);
  assert.equal(sha256Hex(ascii('abc')), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  assert.equal(sha256Hex(ascii('')), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
});

test('incremental updates in uneven chunks equal one-shot hashing', () => {
  const data = pattern(10_000, 3);
  for (const chunk of [1, 7, 63, 64, 65, 1000]) {
    const h = new Sha256();
    for (let i = 0; i < data.length; i += chunk) h.update(data.subarray(i, i + chunk));
    assert.equal(h.hex(), nodeHex(data), `chunk ${chunk}`);
  }
  const h = new Sha256().update(data);
  assert.deepEqual(h.digest(), h.digest(), 'digest is stable once computed');
  assert.throws(() => h.update(data), /after digest/);
});
