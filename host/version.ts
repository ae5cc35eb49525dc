// The one place the campjs version lives (kept equal to package.json's by test/host/version.test.ts).
export const VERSION = '0.1.0';
