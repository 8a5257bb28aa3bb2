import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodePlop from 'node-plop';
import { describe, expect, it } from 'vitest';
import { TEMPLATES as PRECOMPILED } from '../precompiled/templates.js';
import { generateTemplateModule, templatesDir } from '../scripts/template-module.ts';
import { createTemplateRenderer } from '../src/_precompiled-templates.js';
import { FEATURES, TEMPLATES, type TemplateName } from '../src/choices.js';
import { PACKAGE_MANAGERS } from '../src/package-manager.js';
import { createTemplateData } from '../src/template-data.js';

const require = createRequire(import.meta.url);
const Handlebars = require('handlebars') as typeof import('handlebars');
const packageRoot = new URL('../', import.meta.url);
const root = templatesDir();
const versions = JSON.parse(await readFile(join(root, 'versions.json'), 'utf8')) as Record<
  string,
  string
>;

/** node-plop with every helper the scaffolder sets (`json`, `eq` for projects, `comment` for `add`). */
async function createPlop() {
  const plop = await nodePlop('', { destBasePath: tmpdir(), force: false });
  plop.setHelper('json', (value: unknown) => JSON.stringify(value));
  plop.setHelper('eq', (a: unknown, b: unknown) => a === b);
  plop.setHelper('comment', (value: unknown) => String(value).replaceAll('*/', '*\\/'));
  return plop;
}

/** What the templates rendered to when node-plop compiled them on every run. */
async function compilingRenderer() {
  const plop = await createPlop();
  const handlebars = Handlebars.create();
  for (const name of plop.getHelperList()) {
    handlebars.registerHelper(name, plop.getHelper(name) as Handlebars.HelperDelegate);
  }
  for (const name of ['examples-readme', 'readme-common']) {
    handlebars.registerPartial(
      name,
      await readFile(join(root, '_partials', `${name}.hbs`), 'utf8'),
    );
  }
  return async (path: string, data: object) =>
    handlebars.compile(await readFile(join(root, path), 'utf8'))(data);
}

const projectData = (template: TemplateName, pm: (typeof PACKAGE_MANAGERS)[number], on: boolean) =>
  createTemplateData(
    {
      dir: 'x',
      targetPath: '/tmp/x',
      name: '@acme/stack-plugin-x',
      description: `A "quoted" description's <b>&</b> {{braces}}`,
      template,
      features: Object.fromEntries(FEATURES.map((f) => [f.value, on])) as never,
      pm,
      git: false,
      install: false,
    },
    '1.2.3',
    versions,
    new Date('2030-01-01T00:00:00Z'),
  );

describe('precompiled/templates.js', () => {
  it('is what scripts/precompile-templates.ts makes from the templates as they are now', async () => {
    for (const { path, text } of await generateTemplateModule()) {
      expect(
        await readFile(new URL(path, packageRoot), 'utf8'),
        `${path} is stale: run \`npm run precompile-templates -w create-stack-plugin\``,
      ).toBe(text);
    }
  });

  it('renders every project template as compiling its .hbs at run time does', async () => {
    const render = createTemplateRenderer(await createPlop());
    const compile = await compilingRenderer();
    const projectTemplates = Object.keys(PRECOMPILED).filter(
      (path) => !path.startsWith('_partials/') && !path.startsWith('_generators/'),
    );
    expect(projectTemplates.length).toBeGreaterThan(10);
    for (const template of TEMPLATES.map((t) => t.value)) {
      for (const pm of PACKAGE_MANAGERS) {
        for (const on of [true, false]) {
          const data = projectData(template, pm, on);
          for (const path of projectTemplates) {
            expect(render(path, data), `${path} (${template}, ${pm})`).toBe(
              await compile(path, data),
            );
          }
        }
      }
    }
  });

  it('renders the `add` generators as compiling them at run time does', async () => {
    const render = createTemplateRenderer(await createPlop());
    const compile = await compilingRenderer();
    const generators = Object.keys(PRECOMPILED).filter((p) => p.startsWith('_generators/'));
    expect(generators).toEqual([
      '_generators/handler.test.ts.hbs',
      '_generators/handler.ts.hbs',
      '_generators/test.test.ts.hbs',
    ]);
    for (const kind of ['command', 'step', 'transformer', 'skill']) {
      const data = {
        kind,
        id: 'items.sync-all',
        title: 'Sync */ all <items>',
        description: 'Keeps "items" & \'things\' in sync',
        file: 'items-sync-all',
        fn: 'itemsSyncAll',
      };
      for (const path of generators) {
        expect(render(path, data), `${path} (${kind})`).toBe(await compile(path, data));
      }
    }
  });

  it('refuses a template that was not precompiled, naming the command that fixes it', async () => {
    const render = createTemplateRenderer(await createPlop());
    expect(() => render('micro/NEW.md.hbs', {})).toThrowErrorMatchingInlineSnapshot(
      `[StackPluginError: An unexpected internal error occurred: micro/NEW.md.hbs has no precompiled template: run \`npm run precompile-templates -w create-stack-plugin\`.]`,
    );
  });
});
