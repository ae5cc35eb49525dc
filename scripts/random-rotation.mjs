// A uniform random rotation (Shoemake's quaternion method) as a 3×3 matrix, from three uniform
// numbers in [0, 1) drawn from `uniform`: shared by the seeded water geometries
// (make-water-box.mjs, data/water-cluster.mjs).
export function randomRotation(uniform) {
  const [u1, u2, u3] = [uniform(), uniform(), uniform()];
  const a = Math.sqrt(1 - u1), b = Math.sqrt(u1);
  const [x, y, z, w] = [a * Math.sin(2 * Math.PI * u2), a * Math.cos(2 * Math.PI * u2), b * Math.sin(2 * Math.PI * u3), b * Math.cos(2 * Math.PI * u3)];
  return [
    [1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w)],
    [2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w)],
    [2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)],
  ];
}
