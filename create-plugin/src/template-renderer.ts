import type { HelperDelegate, TemplateDelegate } from 'handlebars';
import handlebarsRuntime from 'handlebars/runtime.js';
import type { NodePlopAPI } from 'node-plop';
import { PRECOMPILED, PRECOMPILED_KEYS } from './precompiled-templates.js';
import { sha256 } from './template-record.js';

// Handlebars' run-time alone (node-plop's Handlebars is built on it): it runs compiled
// templates and has no compiler. Its type declarations export nothing, so it is typed here.
const runtime = handlebarsRuntime as unknown as Pick<typeof import('handlebars'), 'template'>;

/** Renders one template's source text with the project's data. */
export type RenderTemplate = (source: string, data: object) => string;

/** What compiles a template that was not precompiled: node-plop, set up by `createPlop`. */
export type TemplateCompiler = Pick<NodePlopAPI, 'renderString'>;

type Precompiled = Readonly<Record<string, TemplateSpecification>>;

/** The compiled template of `source` in `precompiled`, if it is there. */
function specOf(precompiled: Precompiled, source: string): TemplateSpecification | undefined {
  // The bundle's own table comes with the key of each of its sources: no hashing for those.
  const key = (precompiled === PRECOMPILED && PRECOMPILED_KEYS.get(source)) || sha256(source);
  return precompiled[key];
}

/** Whether every one of `sources` was compiled when the package was bundled. */
export function allPrecompiled(
  sources: Iterable<string>,
  precompiled: Precompiled = PRECOMPILED,
): boolean {
  for (const source of sources) if (specOf(precompiled, source) === undefined) return false;
  return true;
}

/**
 * A renderer for the templates of one set: with `plop.renderString` (node-plop compiles the
 * source, with its helpers and the set's `partials`), except where the source and every
 * partial were compiled when the package was bundled ({@link PRECOMPILED}): those run on
 * Handlebars' run-time with the same `helpers` and the partials compiled alike. Compiling
 * cost about a third of a project's generation; the output is the same either way (a test
 * renders every template both ways). `plop` may be `undefined` when {@link allPrecompiled}
 * said yes for every source the renderer will see.
 */
export function createTemplateRenderer(
  plop: TemplateCompiler | undefined,
  helpers: Readonly<Record<string, HelperDelegate>>,
  partials: Readonly<Record<string, string>>,
  precompiled: Precompiled = PRECOMPILED,
): RenderTemplate {
  const compile: RenderTemplate = (source, data) => {
    if (plop === undefined) throw new Error('a template that was not precompiled, and no compiler');
    return plop.renderString(source, data);
  };
  const compiledPartials: Record<string, TemplateDelegate> = {};
  for (const [name, source] of Object.entries(partials)) {
    const spec = specOf(precompiled, source);
    if (spec === undefined) return compile;
    compiledPartials[name] = runtime.template(spec);
  }
  return (source, data) => {
    const spec = specOf(precompiled, source);
    if (spec === undefined) return compile(source, data);
    return runtime.template(spec)(data, { helpers, partials: compiledPartials });
  };
}
