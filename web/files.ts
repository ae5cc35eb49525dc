// Files a user gives the app, by drag-and-drop anywhere on the page or by the file pickers:
// sorted by what they are (a model, a structure, a receipt) from the name and, for .json, the
// content. Anything else is refused with a sentence saying what the app reads.

export type FileKind = 'model' | 'structure' | 'receipt';

export interface GivenFile {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly kind: FileKind;
}

export function classify(name: string, bytes: Uint8Array): FileKind {
  const lower = name.toLowerCase();
  if (/\.(ckpt|campjs)$/.test(lower)) return 'model';
  if (/\.(xyz|extxyz)(\.gz)?$/.test(lower)) return 'structure';
  if (lower.endsWith('.json')) {
    // A receipt says so in its first bytes; other JSON is CAMP's dataset format.
    const head = new TextDecoder().decode(bytes.subarray(0, 200));
    return /"format"\s*:\s*"campjs-md-receipt"/.test(head) ? 'receipt' : 'structure';
  }
  throw new Error(`${name}: not a file campjs reads — models are .ckpt or .campjs, structures .xyz, .extxyz or CAMP .json, receipts .json`);
}

export async function readGiven(file: File): Promise<GivenFile> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  return { name: file.name, bytes, kind: classify(file.name, bytes) };
}

/** Calls `onFiles` with the files dropped anywhere on `target` (with a visible drop hint). */
export function installDrop(target: HTMLElement, onFiles: (files: File[]) => void): void {
  let depth = 0;
  target.addEventListener('dragenter', (e) => {
    e.preventDefault();
    depth++;
    target.classList.add('dropping');
  });
  target.addEventListener('dragleave', () => {
    if (--depth <= 0) target.classList.remove('dropping');
  });
  target.addEventListener('dragover', (e) => e.preventDefault());
  target.addEventListener('drop', (e) => {
    e.preventDefault();
    depth = 0;
    target.classList.remove('dropping');
    onFiles([...(e.dataTransfer?.files ?? [])]);
  });
}
