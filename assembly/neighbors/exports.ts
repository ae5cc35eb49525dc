// Exports of the neighbors kernels (filled in by their implementation files).
