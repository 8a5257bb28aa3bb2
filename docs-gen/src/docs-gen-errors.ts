import { defineErrors, toClause } from '@stack-plugin/pdk';
import type { ExampleProblem } from './example-check.js';
import type { BrokenLink } from './link-check.js';

/** How many broken links a message names; the rest are in the error's `data`. */
const LINKS_NAMED = 10;

/**
 * The error codes of the documentation generator and its API checks. Manifest codes belong to
 * the contract (`pdkErrors`). Codes are permanent; keep them sorted.
 */
export const docsGenErrors = defineErrors({
  API_BASE_REF_NOT_FOUND: {
    title: 'Git ref to compare the API with does not exist',
    message: (a: { ref: string }) => `The git ref "${a.ref}" does not exist.`,
    hint: 'Pass an existing branch, tag or commit with --base (for example --base main), or fetch it first.',
    exitCode: 2,
  },
  API_CHANGE_UNDECLARED: {
    title: 'API change needs a larger version bump',
    message: (a: {
      plugin: string;
      required: string;
      changes: readonly string[];
      declared?: string;
    }) =>
      `"${a.plugin}" has ${a.required} changes (${a.changes.join('; ')}), but its changesets declare ${a.declared === undefined ? 'no bump' : `a ${a.declared} bump`}.`,
    hint: (a) =>
      `Run \`npx changeset\` and declare a ${a.required} bump for "${a.plugin}", or undo the change.`,
  },
  API_REPORT_OUTDATED: {
    title: 'API report is out of date',
    message: (a: { plugin: string; file: string; changes: readonly string[]; command: string }) =>
      `The public API of "${a.plugin}" no longer matches its committed report ${a.file} (${a.changes.join('; ') || 'the report text differs'}).`,
    hint: (a) => `Run \`${a.command}\`, review the diff of ${a.file} and commit it.`,
  },
  DOCS_BUILD_FAILED: {
    title: 'Documentation build failed',
    message: (a: { plugin: string; detail: string }) =>
      `The documentation of "${a.plugin}" could not be built: ${a.detail}.`,
    hint: 'Fix the TypeScript errors listed above; the docs are built from the same sources as the package.',
  },
  DOCS_ENTRY_NOT_FOUND: {
    title: 'No TypeScript entry point found',
    message: (a: { plugin: string; tried: readonly string[] }) =>
      `No TypeScript entry point was found for "${a.plugin}" (looked for ${a.tried.join(', ')}).`,
    hint: 'Add an "exports" entry with a "source" condition to package.json, create src/index.ts, or pass --entry.',
  },
  DOCS_EXAMPLE_INVALID: {
    title: 'A documentation example does not compile',
    message: (a: { plugin: string; problems: readonly ExampleProblem[] }) =>
      `${a.problems.length} @example block(s) of "${a.plugin}" do not compile: ${a.problems
        .map((p) => `${p.symbol} (line ${p.line}): ${toClause(p.message)}`)
        .join('; ')}.`,
    hint: "Fix the example so it compiles against the package's public API; examples are type-checked so the docs never show broken code.",
  },
  DOCS_LINK_BROKEN: {
    title: 'Broken link in the documentation',
    message: (a: { plugin: string; links: readonly BrokenLink[] }) =>
      `${a.links.length} link(s) in the generated docs of "${a.plugin}" point nowhere: ${a.links
        .slice(0, LINKS_NAMED)
        .map((l) => `${l.page} -> ${l.href}`)
        .join(', ')}.`,
    hint: 'Fix the {@link} target or the relative link in the guide; names must be exported by the package.',
  },
});
