// The core returns results through caller memory, never through module globals a host getter
// reads (issue #10): the only mutable globals of the built module are AssemblyScript's own
// (~lib) and the floor scan's running best pair, which lives within one exported call.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../support/shared.js';

const wat = join(repoRoot, 'build/campjs.wat');

test('no module globals as return channels in the Wasm core', { skip: existsSync(wat) ? false : 'build/campjs.wat is missing: run npm run build' }, () => {
  const mutable = [...readFileSync(wat, 'utf8').matchAll(/^ \(global \$(\S+) \(mut /gm)].map((m) => m[1]).filter((name) => !name.startsWith('~lib/'));
  assert.deepEqual(mutable.sort(), ['bestD2', 'bestFloor', 'bestI', 'bestJ', 'bestKey'].map((v) => `assembly/md/checks/${v}`));
});
