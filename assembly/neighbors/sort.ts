// In-place ascending sort of a run of u32 key digits (one neighbour seen through several
// periodic images): insertion sort for short runs, heapsort above that, so an atom seeing
// thousands of its own images in a tiny cell stays O(d log d). Digits in a run are distinct,
// so the result does not depend on the algorithm.

const SHORT: i32 = 32;

export function sortRun(ptr: usize, len: i32): void {
  if (len <= SHORT) insertionSort(ptr, len);
  else heapSort(ptr, len);
}

// @ts-ignore: decorator
@inline function at(ptr: usize, k: i32): u32 {
  return load<u32>(ptr + (<usize>k << 2));
}
// @ts-ignore: decorator
@inline function put(ptr: usize, k: i32, v: u32): void {
  store<u32>(ptr + (<usize>k << 2), v);
}

function insertionSort(ptr: usize, len: i32): void {
  for (let a = 1; a < len; a++) {
    const key = at(ptr, a);
    let b = a - 1;
    while (b >= 0 && at(ptr, b) > key) {
      put(ptr, b + 1, at(ptr, b));
      b--;
    }
    put(ptr, b + 1, key);
  }
}

function siftDown(ptr: usize, root: i32, end: i32): void {
  const key = at(ptr, root);
  let r = root;
  for (;;) {
    let c = 2 * r + 1;
    if (c >= end) break;
    let ck = at(ptr, c);
    if (c + 1 < end) {
      const rk = at(ptr, c + 1);
      if (rk > ck) { c++; ck = rk; }
    }
    if (ck <= key) break;
    put(ptr, r, ck);
    r = c;
  }
  put(ptr, r, key);
}

function heapSort(ptr: usize, len: i32): void {
  for (let r = (len >> 1) - 1; r >= 0; r--) siftDown(ptr, r, len);
  for (let end = len - 1; end > 0; end--) {
    const top = at(ptr, 0);
    put(ptr, 0, at(ptr, end));
    put(ptr, end, top);
    siftDown(ptr, 0, end);
  }
}
