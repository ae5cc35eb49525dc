// Virial, second stage: one invocation sums the blocks' partial virials in block order and
// symmetrises, W = ½(W + Wᵀ), eV (row-major 3×3).
const VIRIAL_BLOCK: u32 = 256u;
@group(0) @binding(0) var<uniform> size: Params; // the dispatch uniform; only n is read
@group(0) @binding(1) var<storage, read> row: array<u32>; // [n+1]
@group(0) @binding(2) var<storage, read> partial: array<f32>; // [blocks][9]
@group(0) @binding(3) var<storage, read_write> virial: array<f32>; // [9]

@compute @workgroup_size(1)
fn main() {
  let blocks = (row[size.n] + VIRIAL_BLOCK - 1u) / VIRIAL_BLOCK;
  var w: array<f32, 9>;
  for (var k = 0u; k < 9u; k++) { w[k] = 0.0; }
  for (var b = 0u; b < blocks; b++) {
    for (var k = 0u; k < 9u; k++) { w[k] += partial[9u * b + k]; }
  }
  for (var a = 0u; a < 3u; a++) {
    for (var c = a + 1u; c < 3u; c++) {
      let s = 0.5 * (w[3u * a + c] + w[3u * c + a]);
      w[3u * a + c] = s;
      w[3u * c + a] = s;
    }
  }
  for (var k = 0u; k < 9u; k++) { virial[k] = w[k]; }
}
