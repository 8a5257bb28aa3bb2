import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// From source (vitest, type stripping) the sandbox runs the .ts files; from dist the .js ones.
const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
const here = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));

/** The files a sandbox runs before any plugin code, and nothing else. */
export const RUNTIME_FILES = Object.freeze({
  main: here(`./sandbox-main${ext}`),
  runtime: here(`../executor/plugin-runtime${ext}`),
  protocol: here(`./_protocol${ext}`),
  /** SES as one pre-built file: one read and one compile instead of ~60 modules. */
  ses: join(
    dirname(createRequire(import.meta.url).resolve('ses/package.json')),
    'dist',
    'ses.umd.min.js',
  ),
  /** The package.json Node reads to know that the files above are ES modules. */
  packageJson: here('../../package.json'),
});

/** What a sandbox is told at boot: where its runtime files are. */
export function bootData(): { ses: string; runtime: string; protocol: string } {
  return {
    ses: RUNTIME_FILES.ses,
    runtime: new URL(`file://${RUNTIME_FILES.runtime}`).href,
    protocol: new URL(`file://${RUNTIME_FILES.protocol}`).href,
  };
}
