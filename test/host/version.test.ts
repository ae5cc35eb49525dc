import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { VERSION } from '../../host/version.js';
import { repoRoot } from '../support/shared.js';

test('host/version.ts matches package.json', () => {
  const pkg = JSON.parse(readFileSync(`${repoRoot}/package.json`, 'utf8')) as { version: string };
  assert.equal(VERSION, pkg.version);
});
