// Types of payload.mjs (plain JS so that browsers and workerd load it untranspiled).
export interface SectionResult {
  readonly values?: Record<string, unknown>;
  readonly hashes?: Record<string, unknown>;
  readonly error?: string;
}

export interface PayloadResult {
  readonly runtime: string;
  readonly skipped: string[];
  readonly structure: { readonly name: string; readonly atoms: number; readonly hash: string };
  readonly sections: Record<string, SectionResult>;
  /** Wall time of each section inside the runtime, ms (workerd's clock only moves on I/O: reads 0). */
  readonly ms: Record<string, number>;
}

export function encodeInput(meta: { structureName: string; modelName?: string; skip: readonly string[] }, blobs: Record<string, Uint8Array>): Uint8Array;
export function decodeInput(bytes: Uint8Array | ArrayBuffer): { meta: Record<string, unknown>; blobs: Record<string, Uint8Array> };
export function sha256(bytes: Uint8Array): Promise<string>;
export function detectRuntime(): string;
export function parseXyz(text: string, name?: string): { numbers: Int32Array; positions: Float64Array; cell: Float64Array | null; pbc: [boolean, boolean, boolean] };
export function runPayload(campjs: unknown, inputBytes: Uint8Array | ArrayBuffer): Promise<PayloadResult>;
