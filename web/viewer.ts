// The 3D view (3Dmol.js): atoms and bonds as ball-and-stick, the periodic cell as lines, and
// atom picking. Each drawn frame replaces the model (3Dmol recomputes bonds from distances, so
// a bond that breaks in MD disappears); the camera is kept. Frames arriving faster than the
// screen refreshes are dropped: only the newest is drawn.
import * as $3Dmol from '3dmol';
import type { Atoms } from '../host/atoms.js';
import { symbolOf } from '../host/elements.js';

export interface Picked {
  readonly index: number;
  readonly symbol: string;
}

export class StructureViewer {
  private readonly viewer: $3Dmol.GLViewer;
  private numbers: ArrayLike<number> = [];
  private pending: Float64Array | null = null;
  private scheduled = false;
  private selected: number | null = null;

  constructor(readonly element: HTMLElement, private readonly onPick: (p: Picked | null) => void) {
    this.viewer = $3Dmol.createViewer(element, { backgroundColor: 'white', antialias: true });
  }

  /** A new structure: draws it, draws its cell, and fits the view to it. */
  show(atoms: Atoms): void {
    this.numbers = atoms.numbers;
    this.selected = null;
    this.onPick(null);
    this.viewer.removeAllShapes();
    if (atoms.cell && atoms.pbc?.some(Boolean)) this.drawCell(atoms.cell);
    this.draw(Float64Array.from(atoms.positions));
    this.viewer.zoomTo();
    this.viewer.render();
  }

  /** New positions of the same atoms (Å, flat N×3), drawn at the next animation frame. */
  update(positions: Float64Array): void {
    this.pending = positions;
    if (this.scheduled) return;
    this.scheduled = true;
    requestAnimationFrame(() => {
      this.scheduled = false;
      if (this.pending) this.draw(this.pending);
      this.pending = null;
    });
  }

  resize(): void {
    this.viewer.resize();
    this.viewer.render();
  }

  private draw(positions: Float64Array): void {
    const n = this.numbers.length;
    const lines = [String(n), ''];
    for (let i = 0; i < n; i++) lines.push(`${symbolOf(this.numbers[i])} ${positions[3 * i]} ${positions[3 * i + 1]} ${positions[3 * i + 2]}`);
    this.viewer.removeAllModels();
    this.viewer.addModel(lines.join('\n'), 'xyz');
    this.viewer.setStyle({}, { stick: { radius: 0.14, colorscheme: 'Jmol' }, sphere: { scale: 0.28, colorscheme: 'Jmol' } });
    if (this.selected !== null) this.viewer.setStyle({ index: this.selected }, { stick: { radius: 0.14, colorscheme: 'Jmol' }, sphere: { scale: 0.42, color: '#f5a623' } });
    this.viewer.setClickable({}, true, (atom: $3Dmol.AtomSpec) => {
      const index = atom.index ?? 0;
      this.selected = this.selected === index ? null : index;
      this.onPick(this.selected === null ? null : { index, symbol: symbolOf(this.numbers[index]) });
      this.draw(positions);
    });
    this.viewer.render();
  }

  private drawCell(cell: ArrayLike<number>): void {
    const a = [cell[0], cell[1], cell[2]], b = [cell[3], cell[4], cell[5]], c = [cell[6], cell[7], cell[8]];
    const at = (i: number, j: number, k: number) => ({ x: i * a[0] + j * b[0] + k * c[0], y: i * a[1] + j * b[1] + k * c[1], z: i * a[2] + j * b[2] + k * c[2] });
    const corners: [number, number, number][] = [];
    for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) for (let k = 0; k < 2; k++) corners.push([i, j, k]);
    // The 12 edges: corner pairs that differ in one index.
    corners.forEach((p, u) => corners.forEach((q, v) => {
      const diff = Math.abs(p[0] - q[0]) + Math.abs(p[1] - q[1]) + Math.abs(p[2] - q[2]);
      if (diff === 1 && u < v) this.viewer.addLine({ start: at(...p), end: at(...q), color: '#7a869a', dashed: false });
    }));
  }
}
