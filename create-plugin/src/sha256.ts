/**
 * SHA-256 (FIPS 180-4) with its compression function in a small WebAssembly module
 * (`sha256-wasm.ts`; prebuilt in the bundle, `sha256-module.ts`). Why not node:crypto: loading it costs 3-4 ms (it evaluates every
 * one of its internal modules) of a scaffolder run that needs nothing but this hash, and
 * why not plain JavaScript: cold, a run's 30-50 KB went through the interpreter slower still.
 * A WebAssembly function is compiled to machine code before its first call, in well under a
 * millisecond for this one. The result is the same digest node:crypto gives (a test checks it
 * on inputs of every padding length, large ones and multi-byte text).
 */

import { SHA256_MODULE } from './sha256-module.js';
import { H_AT, INPUT, IV, moduleBytes } from './sha256-wasm.js';

const PAGE = 65_536;

// The kit's TypeScript set-up has no DOM types, where WebAssembly's are: the part used here.
declare const WebAssembly: {
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (module: object) => { readonly exports: object };
};

interface Sha256Module {
  readonly memory: { readonly buffer: ArrayBuffer; grow(pages: number): number };
  readonly blocks: (count: number) => void;
}

let instance: Sha256Module | undefined;

function compile(): Sha256Module {
  const { exports } = new WebAssembly.Instance(
    new WebAssembly.Module(SHA256_MODULE ?? moduleBytes()),
  );
  return exports as unknown as Sha256Module;
}

/** The SHA-256 of `data` (a string is hashed as its UTF-8 bytes), as 64 lowercase hex digits. */
export function sha256Hex(data: string | Uint8Array): string {
  instance ??= compile();
  const wasm = instance;
  const length = typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
  // The message, a 1 bit, zeros, and its length in bits as 64 bits: whole 64-byte blocks.
  const padded = Math.ceil((length + 9) / 64) * 64;
  const needed = INPUT + padded - wasm.memory.buffer.byteLength;
  if (needed > 0) wasm.memory.grow(Math.ceil(needed / PAGE));
  const bytes = new Uint8Array(wasm.memory.buffer);
  if (typeof data === 'string') Buffer.from(wasm.memory.buffer).write(data, INPUT);
  else bytes.set(data, INPUT);
  bytes[INPUT + length] = 0x80;
  bytes.fill(0, INPUT + length + 1, INPUT + padded - 8);
  const view = new DataView(wasm.memory.buffer);
  view.setUint32(INPUT + padded - 8, Math.floor(length / 0x2000_0000));
  view.setUint32(INPUT + padded - 4, (length << 3) >>> 0);
  for (const [k, word] of IV.entries()) view.setUint32(H_AT + 4 * k, word, true);
  wasm.blocks(padded / 64);
  let hex = '';
  for (let k = 0; k < 8; k++) {
    hex += view
      .getUint32(H_AT + 4 * k, true)
      .toString(16)
      .padStart(8, '0');
  }
  return hex;
}

/** The hash a `TemplateRecord` keeps of a file's bytes: `sha256-<hex>`. */
export const sha256 = (bytes: string | Uint8Array): string => `sha256-${sha256Hex(bytes)}`;
