// workerd side of the matrix: a modules-format Worker around the payload. workerd refuses to
// compile Wasm from bytes, so the core arrives as a CompiledWasm module and is handed to the
// bundle with useCompiledCore. POST the input envelope; the reply is the payload's JSON.
import * as campjs from './campjs.mjs';
import coreWasm from './campjs.wasm';
import { runPayload } from './payload.mjs';

campjs.useCompiledCore(coreWasm);

export default {
  async fetch(request) {
    try {
      const input = new Uint8Array(await request.arrayBuffer());
      return Response.json(await runPayload(campjs, input));
    } catch (err) {
      return new Response(String(err?.stack ?? err), { status: 500 });
    }
  },
};
