import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createPackageApiReport, findBrokenLinks, generateDocs } from '../src/index.js';
import { copyFixture, scratch } from './_fixture.js';

let root: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ root, cleanup } = await scratch());
});
afterAll(() => cleanup());

const errorOf = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    const e = error as { code: string; message: string; hint: string; plugin?: string };
    return { code: e.code, message: e.message, hint: e.hint, plugin: e.plugin };
  }
  throw new Error('expected a failure');
};

describe('what fails a docs build', () => {
  test('an @example that does not compile (DOCS_EXAMPLE_INVALID)', async () => {
    const dir = await copyFixture(root, 'weather-plugin', 'broken-example', {
      'src/forecast.ts': (s) =>
        s.replace('const f: number = toFahrenheit(21.5);', 'const f: number = toKelvin(21.5);'),
    });
    expect(await errorOf(generateDocs({ dir, out: join(root, 'broken-example-out') }))).toEqual({
      code: 'DOCS_EXAMPLE_INVALID',
      message:
        '1 @example block(s) of "@acme/weather-plugin" do not compile: toFahrenheit (line 1): Cannot find name \'toKelvin\'.',
      hint: "Fix the example so it compiles against the package's public API; examples are type-checked so the docs never show broken code.",
      plugin: '@acme/weather-plugin',
    });
  });

  test('an example with a type error is caught too', async () => {
    const dir = await copyFixture(root, 'weather-plugin', 'typed-example', {
      'src/forecast.ts': (s) => s.replace("{ city: 'Lisbon', days:", "{ town: 'Lisbon', days:"),
    });
    const error = await errorOf(generateDocs({ dir, out: join(root, 'typed-example-out') }));
    expect(error.code).toBe('DOCS_EXAMPLE_INVALID');
    expect(error.message).toMatch(
      /^1 @example block\(s\) of "@acme\/weather-plugin" do not compile: summarizeForecast \(line 1\): Object literal may only specify known properties, and 'town' does not exist in type 'Forecast'\.$/,
    );
  });

  test('a guide linking to a missing page (DOCS_LINK_BROKEN)', async () => {
    const dir = await copyFixture(root, 'weather-plugin', 'broken-link', {
      'docs/getting-started.md': (s) => `${s}\nSee [the FAQ](./faq.md).\n`,
    });
    const error = await errorOf(
      generateDocs({ dir, out: join(root, 'broken-link-out'), format: 'md' }),
    );
    expect(error).toEqual({
      code: 'DOCS_LINK_BROKEN',
      message:
        '1 link(s) in the generated docs of "@acme/weather-plugin" point nowhere: documents/Getting-started.md -> ./faq.md.',
      hint: 'Fix the {@link} target or the relative link in the guide; names must be exported by the package.',
      plugin: '@acme/weather-plugin',
    });
  });

  test('sources that do not compile (DOCS_BUILD_FAILED)', async () => {
    const dir = await copyFixture(root, 'weather-plugin', 'type-error', {
      'src/forecast.ts': (s) =>
        s.replace('forecast.days.length} days', 'forecast.dys.length} days'),
    });
    const error = await errorOf(generateDocs({ dir, out: join(root, 'type-error-out') }));
    expect(error.code).toBe('DOCS_BUILD_FAILED');
    expect(error.message).toMatch(
      /^The documentation of "@acme\/weather-plugin" could not be built: .*type-error\/src\/forecast\.ts:49:40 - error TS2551: Property 'dys' does not exist on type 'Forecast'\. Did you mean 'days'\?/,
    );
  });

  test('an invalid manifest (MANIFEST_INVALID from the pdk rules)', async () => {
    const dir = await copyFixture(root, 'weather-plugin', 'bad-manifest', {
      'stack-plugin.json': (s) => s.replace('"isolation": "limited"', '"isolation": "sometimes"'),
    });
    const error = await errorOf(generateDocs({ dir, out: join(root, 'bad-manifest-out') }));
    expect(error.code).toBe('MANIFEST_INVALID');
    expect(error.message).toContain('/isolation');
  });
});

describe('libraries and the link checker', () => {
  test('a package without a manifest is documented as a library', async () => {
    const dir = await copyFixture(root, 'tiny-library');
    const result = await generateDocs({ dir, out: join(root, 'tiny-out') });
    expect(result.manifest).toBeUndefined();
    const readme = await readFile(join(result.markdown as string, 'README.md'), 'utf8');
    expect(readme).toContain('### add()');
    expect(readme).not.toContain('Permissions');
    expect(result.apiReport.text).toContain('export function add(a: number, b: number): number;');
  });

  test('a package without a tsconfig.json gets sensible compiler options, not the cwd ones', async () => {
    const dir = await copyFixture(root, 'tiny-library', 'no-tsconfig');
    await rm(join(dir, 'tsconfig.json'));
    const result = await generateDocs({ dir, out: join(root, 'no-tsconfig-out'), format: 'md' });
    expect(result.apiReport.text).toContain('export interface Point {');
  });

  test('createPackageApiReport reads the committed report and detects a difference', async () => {
    const dir = await copyFixture(root, 'tiny-library', 'tiny-report');
    const first = await createPackageApiReport(dir);
    expect(first.committed).toBeUndefined();
    expect(first.path).toBe(join(dir, 'etc', 'tiny-library.api.md'));
    await mkdir(join(dir, 'etc'));
    await writeFile(first.path, first.text);
    expect((await createPackageApiReport(dir)).committed).toBe(first.text);
  });

  test('findBrokenLinks reports missing files and anchors, not external links', async () => {
    const site = join(root, 'links');
    await mkdir(join(site, 'a'), { recursive: true });
    await writeFile(
      join(site, 'index.html'),
      '<a href="a/b.html#x">ok</a><a href="a/b.html#nope">bad anchor</a><a href="missing.html">gone</a><a href="https://example.com/x">ext</a>',
    );
    await writeFile(join(site, 'a', 'b.html'), '<h2 id="x">X</h2><a href="../index.html">up</a>');
    expect(await findBrokenLinks(site)).toEqual([
      { page: 'index.html', href: 'a/b.html#nope' },
      { page: 'index.html', href: 'missing.html' },
    ]);
  });
});
