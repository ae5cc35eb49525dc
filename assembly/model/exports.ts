// Exports of the model kernels (filled in by their implementation files).
