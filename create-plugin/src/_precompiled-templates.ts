import { basename } from 'node:path';
import { createError } from '@stack-plugin/pdk/errors';
import HandlebarsRuntime from 'handlebars/runtime';
import type { NodePlopAPI } from 'node-plop';
import { FILE_HASHES, TEMPLATES } from '../precompiled/templates.js';

/** Render a template given by its `/`-separated path inside @stack-plugin/templates. */
export type RenderTemplate = (templatePath: string, data: object) => string;

const PARTIALS = '_partials/';

/**
 * Render with the templates precompiled into `precompiled/templates.js` (see
 * `scripts/template-module.ts`) and the Handlebars runtime: no template is read or compiled at
 * run time. Helpers are node-plop's (its case helpers and the ones set on `plop`), registered
 * on a Handlebars environment of its own; partials come from `_partials/`.
 */
export function createTemplateRenderer(plop: NodePlopAPI): RenderTemplate {
  // The runtime alone: the bin (or the bundle) points this at Handlebars' single-file runtime
  // build.
  const handlebars = (HandlebarsRuntime as unknown as typeof import('handlebars')).create();
  for (const name of plop.getHelperList()) {
    handlebars.registerHelper(name, plop.getHelper(name) as Handlebars.HelperDelegate);
  }
  for (const [path, spec] of Object.entries(TEMPLATES)) {
    if (path.startsWith(PARTIALS)) {
      handlebars.registerPartial(basename(path, '.hbs'), handlebars.template(spec));
    }
  }
  const compiled = new Map<string, HandlebarsTemplateDelegate>();
  return (path, data) => {
    let template = compiled.get(path);
    if (template === undefined) {
      const spec = TEMPLATES[path];
      if (spec === undefined) {
        throw createError('INTERNAL', {
          detail: `${path} has no precompiled template: run \`npm run precompile-templates -w create-stack-plugin\``,
        });
      }
      template = handlebars.template(spec);
      compiled.set(path, template);
    }
    return template(data);
  };
}

/**
 * The `sha256-<hex>` of a file copied as is, taken when the kit was built, or `undefined` for
 * a file that was not there then.
 */
export const builtHash = (templatePath: string): string | undefined => FILE_HASHES[templatePath];
