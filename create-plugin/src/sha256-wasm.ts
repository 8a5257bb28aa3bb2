/**
 * The WebAssembly module behind `sha256.ts`: the SHA-256 compression function, written here
 * instruction by instruction (the text-format names of each opcode), with the round constants
 * as a data segment. Exports `memory` and `blocks(count)`, which runs the compression function
 * over `count` 64-byte blocks from {@link INPUT}, updating the state words at {@link H_AT}.
 * No imports: the bundle script runs it to build the bytes once (see `sha256-module.ts`).
 */

// Memory layout (bytes): the 64 round constants, the 8 state words, the 64-word message
// schedule, then the padded message from INPUT on.
const K_AT = 0;
export const H_AT = 256;
const W_AT = 288;
export const INPUT = 1024;

const K = [
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];
export const IV = [
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
];

/** Unsigned LEB128. */
function uleb(value: number): number[] {
  const out: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    out.push(byte);
  } while (value !== 0);
  return out;
}

/** Signed LEB128 of a 32-bit integer. */
function sleb(value: number): number[] {
  const out: number[] = [];
  value |= 0;
  for (;;) {
    const byte = value & 0x7f;
    value >>= 7;
    const done = (value === 0 && (byte & 0x40) === 0) || (value === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

/** WebAssembly bytes, nested as written; flattened once, at the end (cheaper than spreading). */
type Code = number | readonly Code[];
const flat = (code: Code): number[] => [code].flat(Infinity as 1) as number[];

const vector = (items: readonly Code[]): Code => [uleb(items.length), items];
const section = (id: number, body: Code): Code => {
  const bytes = flat(body);
  return [id, uleb(bytes.length), bytes];
};
const name = (text: string): Code => [uleb(text.length), [...text].map((c) => c.charCodeAt(0))];

// The instructions used, by their names in the WebAssembly text format.
const get = (local: number): Code => [0x20, uleb(local)];
const set = (local: number): Code => [0x21, uleb(local)];
const tee = (local: number): Code => [0x22, uleb(local)];
const i32 = (value: number): Code => [0x41, sleb(value)];
const load = (offset: number): Code => [0x28, 2, uleb(offset)];
const store = (offset: number): Code => [0x36, 2, uleb(offset)];
const [add, and, or, xor, shl, shrU, rotl, rotr, ltU, eqz] = [
  0x6a, 0x71, 0x72, 0x73, 0x74, 0x76, 0x77, 0x78, 0x49, 0x45,
];
const block = (...body: Code[]): Code => [0x02, 0x40, body, 0x0b];
const loop = (...body: Code[]): Code => [0x03, 0x40, body, 0x0b];
const brIf = (depth: number): Code => [0x0d, uleb(depth)];
const br = (depth: number): Code => [0x0c, uleb(depth)];

// Locals of `blocks(count)`: the parameter, then the working variables.
const [COUNT, P, END, I, X, T1, T2] = [0, 1, 2, 3, 4, 5, 6];
const [A, B, C, D, E, F, G, H] = [7, 8, 9, 10, 11, 12, 13, 14];
const LOCALS = 14;

/** `(x rotr r1) ^ (x rotr r2) ^ (x rotr r3)`, or `x >>> r3` last when `shift`. */
const sigma = (x: number, r1: number, r2: number, r3: number, shift: boolean): Code => [
  get(x),
  i32(r1),
  rotr,
  get(x),
  i32(r2),
  rotr,
  xor,
  get(x),
  i32(r3),
  shift ? shrU : rotr,
  xor,
];
/** `i += 4`, and go on with the enclosing loop while `i < limit`. */
const nextWord = (limit: number): Code => [get(I), i32(4), add, tee(I), i32(limit), ltU, brIf(0)];

/** `blocks(count)`: run the compression function over `count` 64-byte blocks from INPUT. */
const body = (): Code => [
  [i32(INPUT), set(P), get(COUNT), i32(6), shl, i32(INPUT), add, set(END)],
  block(
    loop(
      [get(P), get(END), ltU, eqz, brIf(1)],
      // W[0..15]: the block's words, big-endian.
      [i32(0), set(I)],
      loop(
        [get(I), get(P), get(I), add, load(0), tee(X)],
        [i32(8), rotr, i32(0xff00ff00), and, get(X), i32(8), rotl, i32(0x00ff00ff), and, or],
        [store(W_AT), nextWord(64)],
      ),
      // W[16..63] = W[i-16] + s0(W[i-15]) + W[i-7] + s1(W[i-2]); I is a byte offset.
      loop(
        [get(I), get(I), load(W_AT - 64)],
        [get(I), load(W_AT - 60), set(X), sigma(X, 7, 18, 3, true), add],
        [get(I), load(W_AT - 28), add],
        [get(I), load(W_AT - 8), set(X), sigma(X, 17, 19, 10, true), add],
        [store(W_AT), nextWord(256)],
      ),
      [A, B, C, D, E, F, G, H].map((v, k) => [i32(0), load(H_AT + 4 * k), set(v)]),
      [i32(0), set(I)],
      loop(
        // T1 = h + S1(e) + ch(e, f, g) + K[i] + W[i], ch = g ^ (e & (f ^ g))
        [get(H), sigma(E, 6, 11, 25, false), add],
        [get(G), get(E), get(F), get(G), xor, and, xor, add],
        [get(I), load(K_AT), add, get(I), load(W_AT), add, set(T1)],
        // T2 = S0(a) + maj(a, b, c), maj = (a & b) | (c & (a | b))
        [sigma(A, 2, 13, 22, false), get(A), get(B), and, get(C), get(A), get(B), or, and, or],
        [add, set(T2)],
        [get(G), set(H), get(F), set(G), get(E), set(F), get(D), get(T1), add, set(E)],
        [get(C), set(D), get(B), set(C), get(A), set(B), get(T1), get(T2), add, set(A)],
        nextWord(256),
      ),
      [A, B, C, D, E, F, G, H].map((v, k) => [
        [i32(0), i32(0), load(H_AT + 4 * k), get(v), add, store(H_AT + 4 * k)],
      ]),
      [get(P), i32(64), add, set(P), br(0)],
    ),
  ),
];

/** The module's bytes, as {@link SHA256_MODULE} holds them in the bundle. */
export function moduleBytes(): Uint8Array {
  const code = flat([uleb(1), uleb(LOCALS), 0x7f, body(), 0x0b]);
  const constants = K.map((k) => [k & 0xff, (k >>> 8) & 0xff, (k >>> 16) & 0xff, k >>> 24]);
  return new Uint8Array(
    flat([
      [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
      section(1, vector([[0x60, 1, 0x7f, 0]])), // type 0: (i32) -> ()
      section(3, vector([0])), // function 0 has type 0
      section(5, vector([[0x00, 1]])), // one memory, one page to start with
      section(
        7,
        vector([
          [name('memory'), 0x02, 0],
          [name('blocks'), 0x00, 0],
        ]),
      ),
      section(10, vector([[uleb(code.length), code]])),
      section(11, vector([[0x00, i32(K_AT), 0x0b, uleb(constants.length * 4), constants]])),
    ]),
  );
}
