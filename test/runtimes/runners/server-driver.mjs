// Runs the payload in a server runtime (node, deno, bun): `<runtime> server-driver.mjs
// <bundle.mjs> <input.bin>`; prints the payload's JSON on stdout. node:fs/promises and
// node:url exist in all three.
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { runPayload } from '../payload.mjs';

const [bundlePath, inputPath] = (globalThis.Deno?.args ?? process.argv.slice(2));
const campjs = await import(pathToFileURL(bundlePath).href);
const result = await runPayload(campjs, new Uint8Array(await readFile(inputPath)));
console.log(JSON.stringify(result));
