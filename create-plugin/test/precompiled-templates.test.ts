import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { precompiledModule, precompileTemplateSet } from '../scripts/precompile-templates.ts';
import { FEATURES, TEMPLATES } from '../src/choices.js';
import { listFiles } from '../src/file-plan.js';
import { templatesRoot } from '../src/index.js';
import { createPlop, readPartials, TEMPLATE_HELPERS } from '../src/plop.js';
import { readTemplateSet } from '../src/render-template-set.js';
import { createTemplateData } from '../src/template-data.js';
import { sha256 } from '../src/template-record.js';
import { createTemplateRenderer } from '../src/template-renderer.js';

const root = templatesRoot();

// The bundle renders the shipped templates from specs compiled at build time; the unbundled
// build compiles them with node-plop. Both must write the same bytes, for every template file
// and every kind of data the questions can produce.
describe('templates precompiled for the bundle', async () => {
  const set = await readTemplateSet(root);
  const partials = readPartials(root);
  const plop = await createPlop(root, tmpdir(), partials);
  const table = await import(
    `data:text/javascript,${encodeURIComponent(precompiledModule(await precompileTemplateSet(root)))}`
  );
  const precompiled = createTemplateRenderer(plop, TEMPLATE_HELPERS, partials, table.PRECOMPILED);
  const compiled = createTemplateRenderer(plop, TEMPLATE_HELPERS, partials, {});
  const sources = await Promise.all(
    (await listFiles(root))
      .filter((file) => file.endsWith('.hbs'))
      .map(async (file) => ({ file, text: await readFile(join(root, file), 'utf8') })),
  );
  const on = Object.fromEntries(FEATURES.map((f) => [f.value, true]));
  const off = Object.fromEntries(FEATURES.map((f) => [f.value, false]));

  it('cover every Handlebars file of the set, partials included', () => {
    expect(sources.length).toBeGreaterThan(0);
    for (const { file, text } of sources)
      expect(table.PRECOMPILED[sha256(text)], file).toBeDefined();
  });

  it.each(
    TEMPLATES.flatMap((t) => [
      { template: t.value, features: on, pm: 'npm' as const },
      { template: t.value, features: off, pm: 'pnpm' as const },
    ]),
  )('render as node-plop does: $template, $pm', ({ template, features, pm }) => {
    const data = createTemplateData(
      {
        dir: 'x',
        targetPath: '/x',
        name: '@acme/stack-plugin-x',
        description: 'Quotes " \' `, a */ comment end, <tags> & {{braces}}',
        template,
        features: features as never,
        pm,
        git: false,
        install: false,
      },
      set.version,
      set.versions,
    );
    for (const { file, text } of sources) {
      expect(precompiled(text, data), file).toBe(compiled(text, data));
    }
  });

  it('falls back to node-plop for a source it was not compiled from', () => {
    const data = { name: 'x' };
    expect(precompiled('{{name}}: {{{json name}}}', data)).toBe('x: "x"');
  });
});
