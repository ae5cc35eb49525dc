// Reverse edges of a canonical edge list without any search. Row j lists j's edges
// (j, i', S') in (i', S') order, which is the order (i, -S) of the edges (i, j, S) pointing
// at j. Walking the edges in canonical order and handing each (i, j) run of image shifts to
// row j in reverse (-S ascending = S descending, lexicographically) places every edge's
// reverse with one cursor per atom: O(edges), sequential writes.

/**
 * Writes rev (i32 per edge) for the edges of `rowStart` (i32 n+1) and `j` (i32 per edge),
 * using `cursor` (i32 per atom) as scratch. False if the rows do not pair up.
 */
export function reverseEdges(n: i32, cursor: usize, rowStart: usize, j: usize, rev: usize): bool {
  for (let a = 0; a < n; a++) store<i32>(cursor + (<usize>a << 2), load<i32>(rowStart + (<usize>a << 2)));
  for (let i = 0; i < n; i++) {
    const end = load<i32>(rowStart + (<usize>(i + 1) << 2));
    let e = load<i32>(rowStart + (<usize>i << 2));
    while (e < end) {
      const b = load<i32>(j + (<usize>e << 2));
      let run = e + 1;
      while (run < end && load<i32>(j + (<usize>run << 2)) == b) run++;
      const at = cursor + (<usize>b << 2);
      const last = load<i32>(at) + (run - e) - 1;
      if (last >= load<i32>(rowStart + (<usize>(b + 1) << 2))) return false;
      for (let t = e; t < run; t++) store<i32>(rev + (<usize>t << 2), last - (t - e));
      store<i32>(at, last + 1);
      e = run;
    }
  }
  for (let a = 0; a < n; a++) {
    if (load<i32>(cursor + (<usize>a << 2)) != load<i32>(rowStart + (<usize>(a + 1) << 2))) return false;
  }
  return true;
}
