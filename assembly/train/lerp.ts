// torch.lerp's formula (aten/src/ATen/native/Lerp.h): the two branches keep the result exact
// at both ends (weight 0 gives a, weight 1 gives b).
// @ts-ignore: decorator
@inline
export function lerp(a: f64, b: f64, w: f64): f64 {
  return Math.abs(w) < 0.5 ? a + w * (b - a) : b - (b - a) * (1.0 - w);
}
