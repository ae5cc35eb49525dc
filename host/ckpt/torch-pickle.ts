// The globals torch.save may reference in a checkpoint's data.pkl, and its persistent ids. This
// is the whole whitelist: anything else in a pickle is refused before it could run.
import type { CheckpointArchive } from './zip.js';
import { STORAGE_DTYPES, type StorageRef, type TensorRef } from './torch-tensor.js';
import { describe, unpickle, type PickleCallable, type PickleGlobal } from './unpickler.js';

type Fail = (problem: string) => never;

const orderedDict: PickleCallable = {
  kind: 'callable',
  name: 'collections.OrderedDict',
  call(args, fail) {
    const out = new Map<unknown, unknown>();
    if (args.length === 0) return out;
    const pairs = args[0];
    if (args.length > 1 || !Array.isArray(pairs)) return fail(`OrderedDict called with ${args.length} arguments, expected () or (pairs,)`);
    for (const pair of pairs) {
      if (!Array.isArray(pair) || pair.length !== 2) return fail(`OrderedDict item is ${describe(pair)}, not a (key, value) pair`);
      out.set(pair[0], pair[1]);
    }
    return out;
  },
};

// _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])
const rebuildTensor: PickleCallable = {
  kind: 'callable',
  name: 'torch._utils._rebuild_tensor_v2',
  call(args, fail): TensorRef {
    if (args.length < 4 || args.length > 7) return fail(`_rebuild_tensor_v2 called with ${args.length} arguments, expected 4 to 7`);
    const [storage, offset, shape, stride] = args;
    if (!isStorage(storage)) return fail(`_rebuild_tensor_v2 storage is ${describe(storage)}, not a tensor storage`);
    const dims = indexTuple(shape, 'size', fail);
    const steps = indexTuple(stride, 'stride', fail);
    if (dims.length !== steps.length) return fail(`tensor size (${dims.join(', ')}) and stride (${steps.join(', ')}) differ in rank`);
    return { kind: 'tensor', storage, offset: index(offset, 'storage offset', fail), shape: dims, stride: steps };
  },
};

// _rebuild_parameter(data, requires_grad, backward_hooks): an nn.Parameter is its data here.
const rebuildParameter: PickleCallable = {
  kind: 'callable',
  name: 'torch._utils._rebuild_parameter',
  call(args, fail) {
    if (args.length !== 3 || !isTensorRef(args[0])) return fail(`_rebuild_parameter called with ${describe(args)}, expected (tensor, requires_grad, hooks)`);
    return args[0];
  },
};

export const TORCH_GLOBALS: ReadonlyMap<string, PickleGlobal> = new Map<string, PickleGlobal>([
  ['collections.OrderedDict', orderedDict],
  ['torch._utils._rebuild_tensor_v2', rebuildTensor],
  ['torch._utils._rebuild_parameter', rebuildParameter],
  ...[...STORAGE_DTYPES.keys()].map((name): [string, PickleGlobal] => [`torch.${name}`, { kind: 'marker', name }]),
]);

/** Unpickles `<top>/data.pkl`, resolving storages to the bytes of `<top>/data/<key>`. */
export function loadTorchPickle(archive: CheckpointArchive, file?: string): unknown {
  const storages = new Map<string, StorageRef>();
  return unpickle(archive.dataPkl, {
    file,
    entry: `${archive.top}data.pkl`,
    globals: TORCH_GLOBALS,
    persistentLoad(pid, fail) {
      if (!Array.isArray(pid) || pid.length !== 5 || pid[0] !== 'storage') {
        return fail(`persistent id ${describe(pid)} is not ('storage', type, key, location, numel)`);
      }
      const [, type, key, , numel] = pid;
      const torchType = (type as { kind?: string; name?: string } | null)?.kind === 'marker' ? String((type as { name: string }).name) : null;
      if (torchType === null || !STORAGE_DTYPES.has(torchType)) return fail(`persistent id names ${describe(type)}, not a torch storage type`);
      if (typeof key !== 'string') return fail(`storage key is ${describe(key)}, not a string`);
      const count = index(numel, 'storage size', fail);
      const known = storages.get(key);
      if (known) return known;
      const ref: StorageRef = {
        kind: 'storage', torchType, dtype: STORAGE_DTYPES.get(torchType) ?? null, key, numel: count,
        bytes: archive.storage(key), littleEndian: archive.littleEndian,
      };
      storages.set(key, ref);
      return ref;
    },
  });
}

export function isTensorRef(x: unknown): x is TensorRef {
  return typeof x === 'object' && x !== null && (x as TensorRef).kind === 'tensor';
}

function isStorage(x: unknown): x is StorageRef {
  return typeof x === 'object' && x !== null && (x as StorageRef).kind === 'storage';
}

function index(x: unknown, what: string, fail: Fail): number {
  if (typeof x !== 'number' || !Number.isSafeInteger(x) || x < 0) return fail(`${what} is ${describe(x)}, not a non-negative integer`);
  return x;
}

function indexTuple(x: unknown, what: string, fail: Fail): number[] {
  if (!Array.isArray(x) || x.length > 16) return fail(`tensor ${what} is ${describe(x)}, not a tuple of at most 16 integers`);
  return x.map((v) => index(v, `tensor ${what} entry`, fail));
}
