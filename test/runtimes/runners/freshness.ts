// `npm test` builds before testing; a bundle older than its sources means someone ran the tests
// alone after editing. Say so (the matrix would be testing yesterday's code) without failing:
// other engineers edit sources while tests run.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../support/shared.js';

function newestSource(dir: string): { file: string; mtimeMs: number } {
  let best = { file: '', mtimeMs: 0 };
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    const cand = entry.isDirectory() ? newestSource(p) : /\.ts$/.test(entry.name) ? { file: p, mtimeMs: statSync(p).mtimeMs } : best;
    if (cand.mtimeMs > best.mtimeMs) best = cand;
  }
  return best;
}

export function staleBuildWarning(bundle = join(repoRoot, 'dist/campjs.mjs')): string | null {
  const built = statSync(bundle).mtimeMs;
  const newest = [newestSource(join(repoRoot, 'host')), newestSource(join(repoRoot, 'assembly'))].sort((a, b) => b.mtimeMs - a.mtimeMs)[0]!;
  return newest.mtimeMs > built ? `warning: ${newest.file.slice(repoRoot.length + 1)} is newer than dist/campjs.mjs; run \`npm run build\`` : null;
}
