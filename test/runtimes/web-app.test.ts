// The web app (dist/web, served by scripts/serve-web.mjs on 127.0.0.1) in headless Chromium:
// it opens with the built-in model, runs 200 MD steps (the 3D view and the plots change), its
// receipt verifies with `campjs verify` and equals the receipt `campjs md` writes for the same
// inputs, a bad file shows an error, the WebGPU/Wasm switch runs or says why not, and a 5-epoch
// fine-tune completes and is used for MD. Screenshots of the main states (1280×800 and
// 390×844) go to test-output/web/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { binaries, pathOf } from './runners/binaries.js';
import { repoRoot } from '../support/shared.js';
import { runCli } from '../support/cli.js';

const OUT = join(repoRoot, 'test-output', 'web');
const chromiumMissing = binaries.chromium().missing;
const notBuilt = existsSync(join(repoRoot, 'dist/web/index.html')) && existsSync(join(repoRoot, 'dist/cli.mjs')) ? false : 'dist/web or dist/cli.mjs is missing: run npm run build';
const skip = chromiumMissing ?? notBuilt;

/** The app's server, as `npm run web` starts it (port 0: a free one). */
async function serve(...extra: string[]): Promise<{ url: string; proc: ChildProcess }> {
  const proc = spawn(process.execPath, [join(repoRoot, 'scripts/serve-web.mjs'), '--port', '0', ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await new Promise<string>((resolve, reject) => {
    let err = '';
    proc.stderr!.on('data', (d) => (err += String(d)));
    proc.stdout!.on('data', (d) => {
      const m = /http:\/\/127\.0\.0\.1:\d+\//.exec(String(d));
      if (m) resolve(m[0]);
    });
    proc.on('exit', (code) => reject(new Error(`serve-web exited (${code}): ${err}`)));
  });
  return { url, proc };
}

const shot = (page: Page, name: string) => page.screenshot({ path: join(OUT, `${name}.png`) });

/** Saves what clicking `selector` downloads, under OUT/name. */
async function downloadFrom(page: Page, selector: string, name: string): Promise<string> {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  const path = join(OUT, name);
  await dl.saveAs(path);
  return path;
}

/** The text of the error message that names `what`, once it is shown. */
const errorAbout = (page: Page, what: string) => page.locator('.msg-error', { hasText: what }).first().textContent({ timeout: 20_000 });

test('web app: MD, receipt = CLI receipt, bad files, backend switch, fine-tune; screenshots', { skip, timeout: 180_000 }, async (t) => {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const { url, proc } = await serve();
  // --enable-unsafe-swiftshader: WebGL (the 3D view) on Chromium's software renderer.
  const browser = await chromium.launch({ executablePath: pathOf(binaries.chromium()), args: ['--no-sandbox', '--enable-unsafe-webgpu', '--enable-unsafe-swiftshader'] });
  const pageErrors: string[] = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    await page.goto(url);
    await page.waitForSelector('body[data-ready=true]', { timeout: 30_000 });
    assert.equal(await page.textContent('#model-name'), 'campjs-hcno.campjs');
    assert.equal(await page.textContent('#backend-badge'), 'Wasm');
    assert.equal(await page.inputValue('#structure'), 'example:aspirin.xyz');
    await page.waitForTimeout(300); // the first frame of the 3D view
    await shot(page, 'desktop-1-ready');
    const viewBefore = await page.locator('#viewer').screenshot();
    const plotBefore = await page.locator('#plot-energy').screenshot();

    // 200 steps of Langevin MD at 300 K, dt 0.5 fs, seed 42 (the form's defaults but Steps).
    await page.fill('#md-steps', '200');
    await page.click('#md-start');
    await page.waitForFunction(() => /done: 200 steps|error/.test(document.getElementById('md-status')!.textContent!), null, { timeout: 60_000 });
    assert.equal(await page.textContent('#md-status'), 'done: 200 steps');
    await page.waitForTimeout(300);
    await shot(page, 'desktop-2-md-200-steps');
    const viewAfter = await page.locator('#viewer').screenshot();
    const plotAfter = await page.locator('#plot-energy').screenshot();
    assert.notDeepEqual(viewAfter, viewBefore, 'the 3D view changed (atoms moved)');
    assert.notDeepEqual(plotAfter, plotBefore, 'the energy plot changed');
    assert.match((await page.textContent('#md-speed'))!, /steps\/s · .* ns\/day/);
    // Picking: an atom under the pointer (an O of aspirin in this view) shows element, index and force.
    await page.mouse.click(404, 195);
    await page.waitForFunction(() => /force \(/.test(document.getElementById('pick')!.textContent!), null, { timeout: 5_000 });
    assert.match((await page.textContent('#pick'))!, /^[HCNO]\d+ \(atom \d+, 0-based\) · force \(-?\d+\.\d{3}, -?\d+\.\d{3}, -?\d+\.\d{3}\) eV\/Å, \|F\| \d+\.\d{3} eV\/Å$/);

    // Downloads: receipt, trajectory (a frame every 5 steps and step 0), thermo CSV, final structure.
    const receiptPath = await downloadFrom(page, '#dl-receipt', 'receipt.json');
    const traj = readFileSync(await downloadFrom(page, '#dl-traj', 'traj.extxyz'), 'utf8');
    assert.equal(traj.match(/^21$/gm)?.length, 41, '41 frames of 21 atoms');
    const thermo = readFileSync(await downloadFrom(page, '#dl-thermo', 'thermo.csv'), 'utf8').trim().split('\n');
    assert.equal(thermo.length, 42);
    assert.match(thermo[41], /^200,100,/);
    assert.match(readFileSync(await downloadFrom(page, '#dl-final', 'final.extxyz'), 'utf8'), /^21\n.*step=200/);

    // The receipt verifies with the CLI (its input beside it) and equals the CLI's own receipt.
    copyFileSync(join(repoRoot, 'examples/aspirin.xyz'), join(OUT, 'aspirin.xyz'));
    // The trajectory and thermo CSV are byte for byte those of `campjs md --traj --log --every 5`.
    const cliFiles = runCli(['md', join(OUT, 'aspirin.xyz'), '--steps', '200', '--ensemble', 'langevin', '--temperature', '300', '--dt', '0.5', '--seed', '42',
      '--traj', join(OUT, 'cli-traj.extxyz'), '--log', join(OUT, 'cli-thermo.csv'), '--every', '5', '-q']);
    assert.equal(cliFiles.status, 0, cliFiles.stderr);
    assert.ok(readFileSync(join(OUT, 'cli-traj.extxyz'), 'utf8') === traj, 'trajectory: page vs campjs md');
    assert.ok(readFileSync(join(OUT, 'cli-thermo.csv'), 'utf8') === `${thermo.join('\n')}\n`, 'thermo CSV: page vs campjs md');
    const verified = runCli(['verify', receiptPath, '-q']);
    assert.equal(verified.status, 0, verified.stdout + verified.stderr);
    assert.match(verified.stdout, /^identical: 200 steps, 201 state hashes match/);
    const cli = runCli(['md', join(OUT, 'aspirin.xyz'), '--steps', '200', '--ensemble', 'langevin', '--temperature', '300', '--dt', '0.5', '--seed', '42',
      '--receipt', join(OUT, 'cli-receipt.json'), '-q']);
    assert.equal(cli.status, 0, cli.stderr);
    // Every field is compared: a receipt holds no wall-clock time or host facts (paths are relative to its folder).
    assert.deepEqual(JSON.parse(readFileSync(receiptPath, 'utf8')), JSON.parse(readFileSync(join(OUT, 'cli-receipt.json'), 'utf8')));

    // Bad files: an unknown kind, an element the model lacks, a broken structure.
    await page.setInputFiles('#open-file', { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
    assert.match((await errorAbout(page, 'notes.txt'))!, /notes\.txt: not a file campjs reads/);
    await page.setInputFiles('#open-file', { name: 'silicon.xyz', mimeType: 'text/plain', buffer: Buffer.from('2\n\nSi 0 0 0\nSi 2.3 0 0\n') });
    assert.match((await errorAbout(page, 'silicon.xyz'))!, /silicon\.xyz: atom 0 is Si, an element the model does not know \(it knows H, C, N, O\)/);
    await page.setInputFiles('#open-file', { name: 'broken.xyz', mimeType: 'text/plain', buffer: Buffer.from('3\n\nC 0 0\n') });
    assert.match((await errorAbout(page, 'broken.xyz'))!, /Loading broken\.xyz failedbroken\.xyz:1: frame declares 3 atoms but only 1 lines follow/);
    assert.equal(await page.inputValue('#structure'), 'example:aspirin.xyz', 'a refused file leaves the structure as it was');
    await shot(page, 'desktop-3-errors');
    while (await page.locator('.msg-close').count() > 0) await page.locator('.msg-close').first().click();

    // An MD run that breaks down (20000 K, dt 1 fs) stops with the failure named; its receipt
    // records the error and `campjs verify` meets it again.
    await page.click('#md-reset');
    await page.fill('#md-temperature', '20000');
    await page.fill('#md-dt', '1');
    await page.fill('#md-steps', '500');
    await page.click('#md-start');
    const failure = (await page.locator('.msg-error', { hasText: 'MD stopped' }).textContent({ timeout: 30_000 }))!;
    assert.match(failure, /^MD stopped at step \d+: an atom escaped.*the molecule is flying apart/);
    const failedReceipt = await downloadFrom(page, '#dl-receipt', 'failed-receipt.json');
    const failedVerify = runCli(['verify', failedReceipt, '-q']);
    assert.equal(failedVerify.status, 0, failedVerify.stdout + failedVerify.stderr);
    assert.match(failedVerify.stdout, /^identical: .*and the run stops with the same error: md: atom H\d+ is/);
    await page.click('#md-reset');
    await page.fill('#md-temperature', '300');
    await page.fill('#md-dt', '0.5');
    while (await page.locator('.msg-close').count() > 0) await page.locator('.msg-close').first().click();

    // A structure dropped on the page becomes the structure (drag-and-drop, as a user does it).
    const ethanol = readFileSync(join(repoRoot, 'examples/ethanol.xyz'), 'utf8');
    await page.evaluate((text) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], 'dropped-ethanol.xyz'));
      document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, ethanol);
    await page.waitForFunction(() => (document.getElementById('structure') as HTMLSelectElement).value === 'file:dropped-ethanol.xyz', null, { timeout: 10_000 });
    assert.equal(await page.textContent('#structure-info'), 'C2H6O, 9 atoms');
    // A multi-frame file: pick the frame.
    const labelled = readFileSync(join(repoRoot, 'data/test-small.extxyz'), 'utf8').split('\n');
    // (1-propanol at three temperatures, then propionic acid)
    await page.setInputFiles('#open-file', { name: 'four.extxyz', mimeType: 'text/plain', buffer: Buffer.from(takeFrames(labelled, 4)) });
    await page.waitForFunction(() => (document.getElementById('structure') as HTMLSelectElement).value === 'file:four.extxyz', null, { timeout: 10_000 });
    assert.equal(await page.isVisible('#frame'), true);
    assert.equal(await page.locator('#frame option').count(), 4);
    assert.equal(await page.inputValue('#frame'), '3', 'the last frame, as campjs md --frame -1');
    assert.equal(await page.textContent('#structure-info'), 'C3H6O2, 11 atoms');
    await page.selectOption('#frame', '0');
    await page.waitForFunction(() => document.getElementById('structure-info')!.textContent === 'C3H8O, 12 atoms', null, { timeout: 5_000 });
    await page.selectOption('#structure', 'example:aspirin.xyz');
    assert.equal(await page.isVisible('#frame'), false);

    // The backend switch: WebGPU runs, or the page says why it cannot.
    await page.selectOption('#backend', 'webgpu');
    await page.waitForFunction(() => !(document.getElementById('backend') as HTMLSelectElement).disabled, null, { timeout: 60_000 });
    const badge = await page.textContent('#backend-badge');
    if (badge === 'WebGPU') {
      // A software adapter (SwiftShader in CI) takes about a second per aspirin step: a few steps show it runs.
      await page.fill('#md-steps', '3');
      await page.click('#md-start');
      await page.waitForFunction(() => /done: 3 steps/.test(document.getElementById('md-status')!.textContent!), null, { timeout: 90_000 })
        .catch(async (e: Error) => { throw new Error(`${e.message}; md-status: ${await page.textContent('#md-status')}; messages: ${await page.textContent('body')}`); });
      t.diagnostic('WebGPU: the model runs on it');
    } else {
      assert.equal(badge, 'Wasm');
      const why = (await page.textContent('#webgpu-reason'))!;
      assert.match(why, /^WebGPU unavailable: .+/);
      t.diagnostic(`WebGPU switch: ${why}`);
    }
    await shot(page, 'desktop-4-backend-switch');
    await page.selectOption('#backend', 'wasm');
    await page.waitForFunction(() => !(document.getElementById('backend') as HTMLSelectElement).disabled, null, { timeout: 60_000 });
    assert.equal(await page.textContent('#backend-badge'), 'Wasm');

    // FIRE relaxation with its convergence plot.
    await page.click('#tabbtn-opt');
    const convBefore = await page.locator('#plot-opt').screenshot();
    await page.click('#opt-run');
    await page.waitForFunction(() => /converged after|error/.test(document.getElementById('opt-status')!.textContent!), null, { timeout: 60_000 });
    assert.match((await page.textContent('#opt-status'))!, /^(not )?converged after \d+ steps: E -?\d+\.\d+ eV, fmax \S+ eV\/Å$/);
    assert.notDeepEqual(await page.locator('#plot-opt').screenshot(), convBefore, 'the convergence plot was drawn');
    await shot(page, 'desktop-5-relaxed');

    // Fine-tune for 5 epochs on 6 labelled frames (4 train after a 0.2 split… of held-out molecules), then MD with the result.
    await page.click('#tabbtn-fit');
    const six = takeFrames(labelled, 6);
    await page.setInputFiles('#fit-file', { name: 'six.extxyz', mimeType: 'text/plain', buffer: Buffer.from(six) });
    assert.equal(await page.inputValue('#fit-epochs'), '5');
    await page.click('#fit-run');
    await page.waitForFunction(() => /^(done|stopped|failed)|error/.test(document.getElementById('fit-status')!.textContent!), null, { timeout: 90_000 });
    assert.match((await page.textContent('#fit-status'))!, /^done after 5 epochs \(5 training, 1 validation frames\)/);
    await page.screenshot({ path: join(OUT, 'desktop-6-fine-tune.png'), fullPage: true });
    const model = readFileSync(await downloadFrom(page, '#fit-campjs', 'six-finetuned.campjs'));
    assert.equal(new TextDecoder().decode(model.subarray(0, 6)), 'CAMPJS');
    await downloadFrom(page, '#fit-ckpt', 'six-finetuned.ckpt');
    for (const file of ['six-finetuned.campjs', 'six-finetuned.ckpt']) {
      const info = runCli(['info', join(OUT, file)]);
      assert.equal(info.status, 0, `${file}: ${info.stderr}`);
      assert.match(info.stdout, /H, C, N, O|H C N O/);
    }
    await page.click('#fit-use');
    await page.waitForFunction(() => document.getElementById('model-name')!.textContent === 'six-finetuned.campjs', null, { timeout: 30_000 });
    await page.click('#tabbtn-md');
    await page.fill('#md-steps', '20');
    await page.click('#md-start');
    await page.waitForFunction(() => /done: 20 steps/.test(document.getElementById('md-status')!.textContent!), null, { timeout: 30_000 });

    // The receipt checked in the page (replayed in a worker, as campjs verify), and a tampered one.
    await page.click('#tabbtn-files');
    await page.setInputFiles('#verify-file', receiptPath);
    await page.waitForFunction(() => /^(identical|differs|not verified)/.test(document.getElementById('verify-status')!.textContent!), null, { timeout: 60_000 });
    assert.equal(await page.textContent('#verify-status'), 'identical: 200 steps, 201 state hashes match');
    const tampered = JSON.parse(readFileSync(receiptPath, 'utf8'));
    tampered.hashes[150].sha256 = '0'.repeat(64);
    await page.setInputFiles('#verify-file', { name: 'tampered.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(tampered)) });
    await page.waitForFunction(() => /^(differs|not verified)/.test(document.getElementById('verify-status')!.textContent!), null, { timeout: 60_000 });
    assert.equal(await page.textContent('#verify-status'), 'differs: first difference at step 150 (identical up to step 149)');
    // A model file by the picker: the card shows it.
    await page.setInputFiles('#open-file', join(OUT, 'six-finetuned.campjs'));
    assert.match((await page.locator('.msg-ok', { hasText: 'Model loaded' }).textContent({ timeout: 20_000 }))!, /six-finetuned\.campjs: H, C, N, O, cutoff/);
    assert.match((await page.textContent('#model-card'))!, /modelsix-finetuned\.campjssourcefile, \.campjs \(ema weights\)elementsH C N O/);
    await shot(page, 'desktop-7-model-card-verify');

    // Phone-sized viewport: the panel stacks under the view.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.click('#tabbtn-md');
    await page.fill('#md-steps', '40');
    await page.click('#md-start');
    await page.waitForFunction(() => /done: 40 steps/.test(document.getElementById('md-status')!.textContent!), null, { timeout: 30_000 });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.waitForTimeout(400);
    await shot(page, 'phone-1-view');
    await page.locator('#panel').screenshot({ path: join(OUT, 'phone-2-panel.png') });
    const stacked = await page.evaluate(() => document.getElementById('panel')!.getBoundingClientRect().top > document.getElementById('viewer')!.getBoundingClientRect().bottom);
    assert.ok(stacked, 'on a narrow screen the controls are under the view');
    assert.deepEqual(pageErrors, []);
  } finally {
    await browser.close();
    proc.kill();
  }
});

test('web app, cross-origin isolated (serve-web --isolated): MD on threads, the same bits as the one-thread CLI', { skip, timeout: 120_000 }, async () => {
  mkdirSync(OUT, { recursive: true });
  const { url, proc } = await serve('--isolated');
  const browser = await chromium.launch({ executablePath: pathOf(binaries.chromium()), args: ['--no-sandbox', '--enable-unsafe-swiftshader'] });
  const pageErrors: string[] = [];
  try {
    const page = await browser.newPage({ acceptDownloads: true });
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    await page.goto(url);
    await page.waitForSelector('body[data-ready=true]', { timeout: 30_000 });
    assert.equal(await page.evaluate(() => globalThis.crossOriginIsolated), true);
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    const threads = Math.max(1, Math.min(8, cores));
    assert.equal(await page.textContent('#isolation'), `cross-origin isolated: ${threads} thread${threads === 1 ? '' : 's'}`);
    await page.fill('#md-steps', '30');
    await page.click('#md-start');
    await page.waitForFunction(() => /done: 30 steps|error/.test(document.getElementById('md-status')!.textContent!), null, { timeout: 60_000 });
    assert.equal(await page.textContent('#md-status'), 'done: 30 steps');
    const receipt = await downloadFrom(page, '#dl-receipt', 'isolated-receipt.json');
    copyFileSync(join(repoRoot, 'examples/aspirin.xyz'), join(OUT, 'aspirin.xyz'));
    // campjs verify replays on one thread: identical bits whatever the page's thread count.
    const verified = runCli(['verify', receipt, '-q']);
    assert.equal(verified.status, 0, verified.stdout + verified.stderr);
    assert.match(verified.stdout, /identical: 30 steps, 31 state hashes match/);
    assert.deepEqual(pageErrors, []);
  } finally {
    await browser.close();
    proc.kill();
  }
});

/** The first `n` frames of an extended XYZ file's lines. */
function takeFrames(lines: string[], n: number): string {
  const out: string[] = [];
  let at = 0;
  for (let k = 0; k < n; k++) {
    const count = Number(lines[at]);
    out.push(...lines.slice(at, at + count + 2));
    at += count + 2;
  }
  return `${out.join('\n')}\n`;
}
