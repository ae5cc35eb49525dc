// --model left out on eval/md/opt: campjs's built-in model, said once on stderr so that no run
// uses a model its user did not see named.
import { stderr } from 'node:process';
import { DEFAULT_MODEL, DEFAULT_MODEL_NAME } from '../model/default-model.js';
import { isPairSpec } from '../calculators/pair-spec.js';

/** `--model`'s value, or 'default' (the built-in model) with a note on stderr when it is absent. */
export function modelOrDefault(model: string | undefined, command: string): string {
  if (model !== undefined) return model;
  stderr.write(`campjs ${command}: no --model: using the built-in model ${DEFAULT_MODEL_NAME} (H, C, N, O; GFN2-xTB labels; \`campjs info default\`)\n`);
  return DEFAULT_MODEL;
}

/** The file a --model value names (for the check that no output overwrites it); undefined for a pair spec or the built-in model. */
export function modelFile(model: string): string | undefined {
  return isPairSpec(model) || model === DEFAULT_MODEL ? undefined : model;
}
