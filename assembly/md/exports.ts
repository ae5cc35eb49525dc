// Exports of the md kernels (filled in by their implementation files).
