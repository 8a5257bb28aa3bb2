import nodePlop, { type NodePlopAPI } from 'node-plop';
import { readPartials, TEMPLATE_HELPERS } from './template-helpers.js';

export { readPartials, TEMPLATE_HELPERS };

/**
 * node-plop set up for the kit's templates, writing below `destBasePath`: the
 * {@link TEMPLATE_HELPERS} and the partials in `templates/_partials` (`partials`, when the
 * caller has read them already).
 * This module is the only one that imports node-plop; it is loaded only where plop does
 * the work: by `add`, and by `create` only for a template that was not compiled when the package
 * was bundled (see `render-files.ts`), so `--help`, usage errors, dry runs and the bundled
 * `create` never pay for node-plop's start-up.
 */
export async function createPlop(
  templatesDir: string,
  destBasePath: string,
  partials?: Readonly<Record<string, string>>,
): Promise<NodePlopAPI> {
  const plop = await nodePlop(undefined, { destBasePath, force: false });
  for (const [name, helper] of Object.entries(TEMPLATE_HELPERS)) plop.setHelper(name, helper);
  for (const [name, source] of Object.entries(partials ?? readPartials(templatesDir))) {
    plop.setPartial(name, source);
  }
  return plop;
}

/** The first real failure of a node-plop run, as `path: message`, or `undefined`. */
export function firstFailure(
  failures: ReadonlyArray<{ path?: string; error?: string; message?: string }>,
): string | undefined {
  // After a failure node-plop marks the remaining actions "aborted": report the failure itself.
  const first =
    failures.find((f) => !String(f.error ?? f.message).startsWith('Aborted due to')) ?? failures[0];
  if (first === undefined) return undefined;
  return `${first.path ? `${first.path}: ` : ''}${first.error ?? first.message}`;
}
