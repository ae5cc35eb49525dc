#!/usr/bin/env node
// Stands in for `python3 bench/pytorch-reference.py` in serve mode (test/host/bench-pytorch-paired.test.ts):
// reads the spec line, says ready, answers {"system": k, "calls": n} with n times of k + 1 ms.
// FAKE_TORCH_DIE_AFTER=m: exits 5 after m answers, with a line on stderr.
import { createInterface } from 'node:readline';

const dieAfter = Number(process.env.FAKE_TORCH_DIE_AFTER ?? Infinity);
let answered = 0, spec;
for await (const line of createInterface({ input: process.stdin })) {
  if (!spec) {
    spec = JSON.parse(line);
    if (!spec.serve) process.exit(2);
    console.log(JSON.stringify({ ready: spec.systems.map((s) => s.name), torch: 'fake' }));
    continue;
  }
  if (answered === dieAfter) {
    console.error('fake reference: out of memory');
    process.exit(5);
  }
  const { system, calls } = JSON.parse(line);
  console.log(JSON.stringify({ ms: Array.from({ length: calls }, () => system + 1) }));
  answered++;
}
