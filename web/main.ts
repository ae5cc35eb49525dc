// The campjs web app: wires the panels to the shared state. Opens ready to run: the built-in
// model is loaded into the MD worker and the first example is shown; MD starts with one click.
import 'uplot/dist/uPlot.min.css';
import './app.css';
import { byId, setText } from './dom.js';
import { installMessages, show, showError } from './messages.js';
import { isolationNote } from './environment.js';
import { EXAMPLES, bytesOf } from './examples.js';
import { StructureFile } from './structure.js';
import { AppState } from './state.js';
import { StructureViewer } from './viewer.js';
import { LivePlot } from './plots.js';
import { MdPanel } from './md-panel.js';
import { OptPanel } from './opt-panel.js';
import { FitPanel } from './fit-panel.js';
import { VerifyPanel } from './verify-panel.js';
import { renderCard } from './model-card.js';
import { installBackendSwitch } from './backend-switch.js';
import { installTabs } from './tabs.js';
import { installDownloads } from './downloads-panel.js';
import { installDrop, readGiven, type GivenFile } from './files.js';
import { symbolOf } from '../host/elements.js';

installMessages(byId('messages'));
installTabs();
setText('isolation', isolationNote());

const first = EXAMPLES[0];
const app = new AppState(StructureFile.read(first.name, bytesOf(first)));
const viewer = new StructureViewer(byId('viewer'), (p) => {
  if (!p) {
    setText('pick', 'click an atom to see its element, index and force');
    return;
  }
  const f = md.forceOn(p.index);
  const force = f ? `force (${f.map((x) => x.toFixed(3)).join(', ')}) eV/Å, |F| ${Math.hypot(...f).toFixed(3)} eV/Å` : 'force: run MD to see it';
  setText('pick', `${p.symbol}${p.index} (atom ${p.index}, 0-based) · ${force}`);
});
// Potential and total energy relative to the total at step 0, so that they share an axis with the kinetic energy.
const energyPlot = new LivePlot(byId('plot-energy'), { title: 'Energy − E_tot(0)', x: 'time (ps)', y: 'eV', series: [
  { label: 'potential', stroke: '#2364aa' }, { label: 'kinetic', stroke: '#ea7317' }, { label: 'total', stroke: '#3a3a3a' }] });
const temperaturePlot = new LivePlot(byId('plot-temperature'), { title: 'Temperature', x: 'time (ps)', y: 'K', series: [{ label: 'T', stroke: '#c0392b' }] });
const optPlot = new LivePlot(byId('plot-opt'), { title: 'Convergence', x: 'step', y: 'fmax (eV/Å)', logY: true, series: [{ label: 'fmax', stroke: '#2364aa' }] });
const fitPlot = new LivePlot(byId('plot-fit'), { title: 'Training', x: 'epoch', y: 'loss', y2: 'force MAE (meV/Å)', series: [
  { label: 'training loss', stroke: '#3a3a3a' }, { label: 'valid MAE', stroke: '#2364aa', scale: 'y2' }, { label: 'valid MAE, EMA', stroke: '#ea7317', scale: 'y2' }] });

const md = new MdPanel(app, viewer, energyPlot, temperaturePlot);
new OptPanel(app, optPlot);
const fitPanel = new FitPanel(app, fitPlot);
const verify = new VerifyPanel(app);
installBackendSwitch(app);
installDownloads(app, md);

// The structure picker: the examples, then any file given.
const select = byId<HTMLSelectElement>('structure');
const frameSelect = byId<HTMLSelectElement>('frame');
const given = new Map<string, StructureFile>();
for (const e of EXAMPLES) select.add(new Option(e.label, `example:${e.name}`));
select.addEventListener('change', () => {
  const v = select.value;
  const ex = EXAMPLES.find((e) => `example:${e.name}` === v);
  useStructure(ex ? StructureFile.read(ex.name, bytesOf(ex)) : given.get(v)!);
});
frameSelect.addEventListener('change', () => {
  const s = app.structure;
  s.index = Number(frameSelect.value);
  useStructure(s);
});

function useStructure(s: StructureFile): void {
  try {
    app.setStructure(s);
  } catch (err) {
    showError('Loading the structure', err);
  }
}

app.on('structure', () => {
  const s = app.structure;
  setText('structure-info', s.describe());
  frameSelect.replaceChildren(...s.frames.map((_, i) => new Option(`frame ${i + 1} of ${s.frames.length}`, String(i))));
  frameSelect.value = String(s.index);
  byId('frame-row').hidden = s.frames.length < 2;
});
app.on('model', () => {
  renderCard(app.info!);
  setText('isolation', isolationNote(app.info!.threads));
});

async function take(files: File[]): Promise<void> {
  for (const file of files) {
    let f: GivenFile;
    try {
      f = await readGiven(file);
    } catch (err) {
      showError(`Reading ${file.name}`, err);
      continue;
    }
    if (f.kind === 'receipt') await verify.verify(f.name, f.bytes);
    else if (f.kind === 'model') await takeModel(f);
    else takeStructure(f);
  }
}

async function takeModel(f: GivenFile): Promise<void> {
  try {
    const info = await app.setModel({ bytes: f.bytes, name: f.name });
    show('ok', 'Model loaded', `${f.name}: ${info.atomicNumbers.map(symbolOf).join(', ')}, cutoff ${info.cutoff} Å`);
  } catch (err) {
    showError(`Loading the model ${f.name}`, err);
  }
}

function takeStructure(f: GivenFile): void {
  try {
    const s = StructureFile.read(f.name, f.bytes);
    verify.remember(f.name, f.bytes);
    // A file with energies and forces may be training data: the fine-tune panel gets it too.
    if (s.frames.some((fr) => fr.energy !== undefined && fr.forces)) fitPanel.setData({ name: f.name, bytes: f.bytes });
    app.setStructure(s);
    const key = `file:${f.name}`;
    given.set(key, s);
    if (![...select.options].some((o) => o.value === key)) select.add(new Option(f.name, key));
    select.value = key;
  } catch (err) {
    showError(`Loading ${f.name}`, err);
  }
}

installDrop(document.body, (files) => void take(files));
byId<HTMLInputElement>('open-file').addEventListener('change', (e) => {
  const input = e.target as HTMLInputElement;
  void take([...(input.files ?? [])]).then(() => {
    input.value = '';
  });
});
window.addEventListener('resize', () => {
  viewer.resize();
  for (const p of [energyPlot, temperaturePlot]) p.resize(byId('plot-energy').clientWidth);
  for (const p of [optPlot, fitPlot]) p.resize(byId('panel').clientWidth - 32);
});

// Ready: the built-in model in the MD worker, the first example on screen.
setText('md-status', 'loading the built-in model…');
app.setModel(app.model).then(() => {
  app.setStructure(app.structure);
  setText('md-status', 'ready');
  document.body.dataset.ready = 'true';
}, (err) => {
  showError('Loading the built-in model', err);
  setText('md-status', 'no model');
});
