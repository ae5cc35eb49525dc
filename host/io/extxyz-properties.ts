// The Properties=name:type:width:... descriptor of extended-XYZ columns (S string, R real,
// I integer, L logical T/F).

export type ColumnType = 'S' | 'R' | 'I' | 'L';

export interface ColumnSpec {
  readonly name: string;
  readonly type: ColumnType;
  readonly width: number;
}

/** What a file without Properties= (plain XYZ) holds. */
export const PLAIN_XYZ_COLUMNS: readonly ColumnSpec[] = [
  { name: 'species', type: 'S', width: 1 },
  { name: 'pos', type: 'R', width: 3 },
];

const TYPES = new Set(['S', 'R', 'I', 'L']);

/** Parses a Properties value; `fail(problem)` reports a malformed descriptor and never returns. */
export function parseProperties(value: unknown, fail: (problem: string) => never): ColumnSpec[] {
  if (typeof value !== 'string') fail(`expected name:type:width triplets, found ${JSON.stringify(value)}`);
  const parts = value.split(':');
  if (parts.length % 3 !== 0) fail(`'${value}' is not a list of name:type:width triplets`);
  const specs: ColumnSpec[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < parts.length; i += 3) {
    const [name, type, width] = parts.slice(i, i + 3);
    if (name === '') fail(`empty column name in '${value}'`);
    if (!TYPES.has(type)) fail(`column '${name}' has type '${type}', expected S, R, I or L`);
    if (!/^\d+$/.test(width) || Number(width) < 1 || Number(width) > 1024) {
      fail(`column '${name}' has width '${width}', expected a whole number 1..1024`);
    }
    if (seen.has(name)) fail(`column '${name}' is listed twice`);
    seen.add(name);
    specs.push({ name, type: type as ColumnType, width: Number(width) });
  }
  return specs;
}

export function formatProperties(specs: readonly ColumnSpec[]): string {
  return specs.map((s) => `${s.name}:${s.type}:${s.width}`).join(':');
}
