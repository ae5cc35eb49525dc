// In-place ascending sort of u64 keys (one neighbour row): insertion sort for short rows,
// heapsort above that so rows of thousands of images (tiny cells) stay O(d log d).
// Keys are distinct, so the result does not depend on the algorithm.

const SHORT: i32 = 32;

export function sortKeys(ptr: usize, len: i32): void {
  if (len <= SHORT) insertionSort(ptr, len);
  else heapSort(ptr, len);
}

function insertionSort(ptr: usize, len: i32): void {
  for (let a = 1; a < len; a++) {
    const key = load<u64>(ptr + (<usize>a << 3));
    let b = a - 1;
    while (b >= 0 && load<u64>(ptr + (<usize>b << 3)) > key) {
      store<u64>(ptr + (<usize>(b + 1) << 3), load<u64>(ptr + (<usize>b << 3)));
      b--;
    }
    store<u64>(ptr + (<usize>(b + 1) << 3), key);
  }
}

function siftDown(ptr: usize, root: i32, end: i32): void {
  const key = load<u64>(ptr + (<usize>root << 3));
  let r = root;
  for (;;) {
    let c = 2 * r + 1;
    if (c >= end) break;
    let ck = load<u64>(ptr + (<usize>c << 3));
    if (c + 1 < end) {
      const rk = load<u64>(ptr + (<usize>(c + 1) << 3));
      if (rk > ck) { c++; ck = rk; }
    }
    if (ck <= key) break;
    store<u64>(ptr + (<usize>r << 3), ck);
    r = c;
  }
  store<u64>(ptr + (<usize>r << 3), key);
}

function heapSort(ptr: usize, len: i32): void {
  for (let r = (len >> 1) - 1; r >= 0; r--) siftDown(ptr, r, len);
  for (let end = len - 1; end > 0; end--) {
    const top = load<u64>(ptr);
    store<u64>(ptr, load<u64>(ptr + (<usize>end << 3)));
    store<u64>(ptr + (<usize>end << 3), top);
    siftDown(ptr, 0, end);
  }
}
