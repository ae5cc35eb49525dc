// Option parsing shared by the data scripts: node's parseArgs with every problem reported as
// "<script>: <problem>" and exit status 2, as campjs's CLI does for options.
import { parseArgs } from 'node:util';

/** Parsed `options` of process.argv, or exit 2 naming the bad option. */
export function parseOptions(script, options, usage) {
  try {
    return parseArgs({ args: process.argv.slice(2), options, allowPositionals: true, strict: true });
  } catch (e) {
    console.error(`${script}: ${e.message}\nusage: ${usage}`);
    process.exit(2);
  }
}

/** Runs `main`, printing an Error's message (not a stack) and exiting 1 on failure. */
export function runMain(script, main) {
  try {
    main();
  } catch (e) {
    console.error(`${script}: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  }
}
