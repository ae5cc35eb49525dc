// Live plots (uPlot): MD energies and temperature against time, the relaxation's largest force
// against step (log scale), and the training losses against epoch. Each plot keeps its own
// columns and redraws at most once per animation frame.
import uPlot from 'uplot';

interface SeriesSpec {
  readonly label: string;
  readonly stroke: string;
  /** Which y scale: 'y' (left) or 'y2' (right). */
  readonly scale?: 'y' | 'y2';
}

export class LivePlot {
  private readonly plot: uPlot;
  private readonly columns: number[][];
  private scheduled = false;

  constructor(el: HTMLElement, opts: { title: string; x: string; y: string; y2?: string; logY?: boolean; series: readonly SeriesSpec[] }) {
    this.columns = [[], ...opts.series.map(() => [])];
    const width = Math.max(200, el.clientWidth || 320);
    const axes: uPlot.Axis[] = [
      { label: opts.x, size: 36 },
      { label: opts.y, scale: 'y', size: 64 },
      ...(opts.y2 ? [{ label: opts.y2, scale: 'y2', side: 1, grid: { show: false }, size: 56 } as uPlot.Axis] : []),
    ];
    this.plot = new uPlot({
      title: opts.title,
      width,
      height: 190,
      scales: { x: { time: false }, y: opts.logY ? { distr: 3 } : {}, ...(opts.y2 && { y2: {} }) },
      axes,
      legend: { live: false },
      series: [{ label: opts.x }, ...opts.series.map((s) => ({ label: s.label, stroke: s.stroke, width: 1.5, scale: s.scale ?? 'y', points: { show: false } }))],
    }, this.columns as uPlot.AlignedData, el);
  }

  /** One x value and one value per series. */
  push(x: number, ...ys: number[]): void {
    this.columns[0].push(x);
    ys.forEach((y, k) => this.columns[k + 1].push(y));
    this.schedule();
  }

  clear(): void {
    for (const c of this.columns) c.length = 0;
    this.schedule();
  }

  get length(): number {
    return this.columns[0].length;
  }

  resize(width: number): void {
    this.plot.setSize({ width: Math.max(200, width), height: 190 });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    requestAnimationFrame(() => {
      this.scheduled = false;
      this.plot.setData(this.columns as uPlot.AlignedData);
    });
  }
}
