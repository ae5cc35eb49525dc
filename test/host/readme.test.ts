// The README's runtime snippets are the example files the runtime matrix runs: keep them equal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { repoRoot } from '../support/shared.js';

const readme = readFileSync(`${repoRoot}/README.md`, 'utf8');
for (const file of ['examples/server/energy.mjs', 'examples/browser/index.html', 'examples/edge-worker/worker.mjs', 'examples/edge-worker/wrangler.toml']) {
  test(`README quotes ${file} verbatim`, () => {
    assert.ok(readme.includes(`\n${readFileSync(`${repoRoot}/${file}`, 'utf8')}\`\`\``), `${file} differs from its copy in README.md`);
  });
}

test('README names the two commands CI and users run', () => {
  assert.match(readme, /npm ci && npm test/);
  assert.match(readme, /node dist\/cli\.mjs md --model \S+ examples\/water-64\.xyz/);
  // The main command runs on a fresh clone: the built-in model, a built-in example, no --model.
  assert.match(readme, /npm ci && npm run build && node dist\/cli\.mjs md examples\/aspirin\.xyz \\\n(?!.*--model)/);
});
