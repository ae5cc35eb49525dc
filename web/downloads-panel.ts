// The download buttons of a run: trajectory, thermo CSV, receipt (from the worker, for
// `campjs verify`) and the final structure.
import { byId } from './dom.js';
import { download, structureText } from './downloads.js';
import { showError } from './messages.js';
import type { AppState } from './state.js';
import type { MdPanel } from './md-panel.js';

export function installDownloads(app: AppState, md: MdPanel): void {
  const base = () => app.structure.name.replace(/\.(ext)?xyz$|\.json$/i, '');
  const need = <T>(x: T | null): T => {
    if (x === null) throw new Error('no MD run yet: start one first');
    return x;
  };
  const action = (id: string, what: string, fn: () => Promise<void> | void) => byId(id).addEventListener('click', async () => {
    try {
      await fn();
    } catch (err) {
      showError(`Saving the ${what}`, err);
    }
  });
  action('dl-traj', 'trajectory', () => download(`${base()}-md.extxyz`, need(md.record).trajectory(), 'chemical/x-extxyz'));
  action('dl-thermo', 'thermo CSV', () => download(`${base()}-thermo.csv`, need(md.record).thermoCsv(), 'text/csv'));
  action('dl-receipt', 'receipt', async () => {
    need(md.record);
    const receipt = await app.md.receipt();
    download(`${base()}-receipt.json`, `${JSON.stringify(receipt, null, 1)}\n`, 'application/json');
  });
  action('dl-final', 'final structure', () => {
    const f = need(md.last);
    download(`${base()}-final.extxyz`, structureText({ ...app.structure.atoms, positions: f.positions, ...(f.velocities && { velocities: f.velocities }) },
      { step: f.step, time_fs: f.time }, f.thermo.epot, f.forces), 'chemical/x-extxyz');
  });
}
