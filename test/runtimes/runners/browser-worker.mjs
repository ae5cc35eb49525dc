// Web Worker side of the Chromium runner: imports the bundle and the payload by URL, runs it
// on the input envelope and posts the JSON back (or the error's text).
import { runPayload } from '../payload.mjs';

self.onmessage = async ({ data: { bundleUrl, inputUrl } }) => {
  try {
    const campjs = await import(bundleUrl);
    const input = new Uint8Array(await (await fetch(inputUrl)).arrayBuffer());
    self.postMessage({ result: await runPayload(campjs, input) });
  } catch (err) {
    self.postMessage({ error: String(err?.stack ?? err) });
  }
};
