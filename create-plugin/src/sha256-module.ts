/**
 * The bytes of the WebAssembly module of `sha256.ts`, made when the package was bundled:
 * `scripts/bundle.ts` replaces this module with them, so a run does not build them (building
 * them is cold code, a few tenths of a millisecond of every run). Absent in the unbundled
 * build, where they are built on first use.
 */
export const SHA256_MODULE: Uint8Array | undefined = undefined;
