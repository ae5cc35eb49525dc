// Headless Chromium (Debian's /usr/bin/chromium driven by playwright-core) for the matrix: the
// payload runs in a page and in a module Web Worker, both served from 127.0.0.1.
import { chromium, type Browser, type Page } from 'playwright-core';
import type { PayloadResult } from '../payload.mjs';
import { binaries, pathOf } from './binaries.js';
import { serveStatic, type StaticServer } from './static-server.js';
import type { RunnerOutput } from './server.js';

export interface BrowserSession {
  readonly browser: Browser;
  readonly server: StaticServer;
  /** A fresh page on the server's origin, console errors forwarded into `errors`. */
  newPage(path?: string): Promise<Page>;
  readonly errors: string[];
  close(): Promise<void>;
}

export async function openBrowser(routes: Record<string, Uint8Array | string> = {}): Promise<BrowserSession> {
  const executablePath = pathOf(binaries.chromium());
  const server = await serveStatic({ '/': '<!doctype html><meta charset="utf-8"><title>campjs matrix</title>', '/favicon.ico': '', ...routes });
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] }).catch(async (err: unknown) => {
    await server.close();
    throw err;
  });
  const errors: string[] = [];
  return {
    browser, server, errors,
    async newPage(path = '/') {
      const page = await browser.newPage();
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
      await page.goto(server.origin + path);
      return page;
    },
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/** Where the session serves the input envelope (a served file, like a model a user fetches). */
export const INPUT_ROUTE = '/input.bin';

/** Runs the payload in the page itself and in a module Worker started from it. */
export async function runChromium(session: BrowserSession): Promise<{ page: RunnerOutput; worker: RunnerOutput }> {
  const page = await session.newPage();
  const urls = { bundleUrl: '/dist/campjs.mjs', inputUrl: INPUT_ROUTE, payloadUrl: '/test/runtimes/payload.mjs' };
  const time = async (fn: () => Promise<PayloadResult>): Promise<RunnerOutput> => {
    const t0 = performance.now();
    const result = await fn();
    return { result, wallMs: performance.now() - t0 };
  };
  const inPage = await time(() => page.evaluate(async ({ bundleUrl, inputUrl, payloadUrl }) => {
    const [campjs, payload] = await Promise.all([import(bundleUrl), import(payloadUrl)]);
    const bytes = new Uint8Array(await (await fetch(inputUrl)).arrayBuffer());
    return payload.runPayload(campjs, bytes) as Promise<PayloadResult>;
  }, urls));
  const inWorker = await time(() => page.evaluate(({ bundleUrl, inputUrl }) => new Promise<PayloadResult>((resolve, reject) => {
    const worker = new Worker('/test/runtimes/runners/browser-worker.mjs', { type: 'module' });
    worker.onmessage = ({ data }) => {
      worker.terminate();
      if (data.error) reject(new Error(`worker: ${data.error}`));
      else resolve(data.result as PayloadResult);
    };
    worker.onerror = (e) => reject(new Error(`worker failed to start: ${e.message}`));
    worker.postMessage({ bundleUrl, inputUrl });
  }), urls));
  await page.close();
  return { page: inPage, worker: inWorker };
}
