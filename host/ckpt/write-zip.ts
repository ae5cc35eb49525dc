// A torch.save-style zip: `<top>/data.pkl`, `<top>/byteorder`, `<top>/data/<key>` and
// `<top>/version`, every entry stored (not compressed), as PyTorch writes them.
import { zipSync, type Zippable } from 'fflate';

/** A torch.save-style zip: `<top>/data.pkl`, `<top>/byteorder`, `<top>/data/<key>`, stored (level 0). */
export function checkpointZip(pkl: Uint8Array, storages: ReadonlyMap<string, Uint8Array>, top = 'archive', byteorder = 'little'): Uint8Array {
  const files: Zippable = {
    [`${top}/data.pkl`]: pkl,
    [`${top}/byteorder`]: new TextEncoder().encode(byteorder),
  };
  for (const [key, bytes] of storages) files[`${top}/data/${key}`] = bytes;
  files[`${top}/version`] = new TextEncoder().encode('3\n');
  return zipSync(files, { level: 0 });
}
