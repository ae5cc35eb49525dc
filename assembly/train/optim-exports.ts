// Exports of the trainer's optimiser kernels (Adam, gradient clipping, EMA); `train` prefix.
export { trainAdamStep } from "./adam";
export { trainGradNorm, trainClipCoefficient } from "./clip";
export { trainEmaDecay, trainEmaLerp } from "./ema";
