// Small DOM helpers shared by the panels: find an element by id (a missing one is a bug in
// index.html, said at once), read form fields as numbers with their label in the message.

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`web app: index.html has no #${id}`);
  return el as T;
}

/** The number in an <input>; an empty or non-numeric field is an error naming its label. */
export function numberField(id: string, opts: { integer?: boolean; min?: number; optional?: boolean } = {}): number | undefined {
  const input = byId<HTMLInputElement>(id);
  const label = input.labels?.[0]?.textContent?.trim() ?? id;
  const raw = input.value.trim();
  if (raw === '' && opts.optional) return undefined;
  const x = Number(raw);
  if (raw === '' || !Number.isFinite(x)) throw new Error(`${label}: '${raw}' is not a number`);
  if (opts.integer && !Number.isInteger(x)) throw new Error(`${label}: ${x} must be a whole number`);
  if (opts.min !== undefined && x < opts.min) throw new Error(`${label}: ${x} must be at least ${opts.min}`);
  return x;
}

export function setText(id: string, text: string): void {
  byId(id).textContent = text;
}

/** Enables or disables buttons and fields by id. */
export function enable(ids: readonly string[], on: boolean): void {
  for (const id of ids) (byId(id) as HTMLButtonElement | HTMLInputElement).disabled = !on;
}
