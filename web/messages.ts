// Errors and notices shown in the page (never only in the console): one line per message with
// a title saying what failed, the worker's own sentence, and a close button. Model-failure
// stops (MdError) say so, with the step and atoms the worker reported.

type Kind = 'error' | 'info' | 'ok';

/** What each MdError failure is, in a few words (host/md/md-error.ts). */
const FAILURES = {
  'non-finite': 'NaN or infinite numbers',
  overlap: 'atoms driven together (model failure)',
  escape: 'an atom escaped',
  force: 'a force beyond the limit (model failure)',
  'energy-jump': 'an energy jump (model failure)',
  temperature: 'temperature runaway',
} as const;

let box: HTMLElement | null = null;

export function installMessages(container: HTMLElement): void {
  box = container;
}

export function show(kind: Kind, title: string, text = ''): HTMLElement {
  const item = document.createElement('div');
  item.className = `msg msg-${kind}`;
  item.setAttribute('role', kind === 'error' ? 'alert' : 'status');
  const strong = document.createElement('strong');
  strong.textContent = title;
  const body = document.createElement('span');
  body.textContent = text;
  const close = document.createElement('button');
  close.className = 'msg-close';
  close.setAttribute('aria-label', 'dismiss');
  close.textContent = '×';
  close.addEventListener('click', () => item.remove());
  item.append(strong, body, close);
  (box ?? document.body).prepend(item);
  // Only the newest two stay, so the panel never fills with old news; good news fades by itself.
  while (box && box.children.length > 2) box.lastElementChild?.remove();
  if (kind !== 'error') setTimeout(() => item.remove(), 8000);
  return item;
}

/** An error from the worker or the page, titled by what was being done ("Loading model", "MD"…). */
export function showError(doing: string, err: unknown): void {
  const e = err instanceof Error ? err : new Error(String(err));
  const details = (e as { details?: { failure?: keyof typeof FAILURES; step?: number } }).details;
  if (e.name === 'MdError' && details?.failure) {
    show('error', `${doing} stopped at step ${details.step}: ${FAILURES[details.failure] ?? details.failure}`, stripPrefix(e.message));
  } else if (/the model has driven|a region it was not trained on/.test(e.message)) {
    show('error', `${doing} stopped: model failure`, stripPrefix(e.message));
  } else if (/tearing the structure apart/.test(e.message)) {
    show('error', `${doing} stopped: an atom escaped`, stripPrefix(e.message));
  } else {
    show('error', `${doing} failed`, stripPrefix(e.message));
  }
}

export function clearMessages(): void {
  box?.replaceChildren();
}

function stripPrefix(message: string): string {
  return message.replace(/^(md worker|md|opt): /, '');
}
