import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import MiniSearch from 'minisearch';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type DocsResult, findBrokenLinks, generateDocs } from '../src/index.js';
import { copyFixture, scratch } from './_fixture.js';

let root: string;
let cleanup: () => Promise<void>;
let result: DocsResult;
const md = (page: string) => readFile(join(result.markdown as string, page), 'utf8');

beforeAll(async () => {
  ({ root, cleanup } = await scratch());
  const dir = await copyFixture(root, 'weather-plugin');
  result = await generateDocs({ dir, out: join(root, 'out') });
});
afterAll(() => cleanup());

describe('generateDocs on a plugin', () => {
  test('writes the site and the Markdown tree from one run', () => {
    expect(result).toMatchObject({
      name: '@acme/weather-plugin',
      version: '1.2.0',
      html: join(root, 'out', 'html'),
      markdown: join(root, 'out', 'md'),
      examplesChecked: 2,
      warnings: [],
    });
  });

  test('the permissions page lists each permission with its risk and explanation', async () => {
    expect(await md('documents/Permissions.md')).toMatchInlineSnapshot(`
      "[**@acme/weather-plugin**](../README.md)

      ***

      [@acme/weather-plugin](../README.md) / Permissions

      # Permissions

      Anything not listed here is denied by the host. Grant these only if you trust the plugin with what they allow.

      | Permission | Risk | What it lets the plugin do |
      | --- | --- | --- |
      | \`fs:write:reports/**\` | **medium** | Create, change and delete workspace files matching "reports/**". |
      | \`net:api.weather.example.com:443\` | **medium** | Make network requests to api.weather.example.com (port 443). |
      | \`secret:WEATHER_API_KEY\` | **medium** | Read the secret WEATHER_API_KEY; the host redacts it from logs and errors. |
      | \`state\` | **low** | Keep its own data between runs. |
      "
    `);
  });

  test('the overview shows category, host range, isolation and limits', async () => {
    const table = (await md('documents/Overview.md')).split('\n').filter((l) => l.startsWith('| '));
    expect(table).toEqual([
      '| Field | Value |',
      '| --- | --- |',
      '| Package | `@acme/weather-plugin` |',
      '| Version | 1.2.0 |',
      '| Category | integration |',
      '| Host API | `^1.0.0` |',
      '| Least isolation accepted | limited |',
      '| Time limit per call | 5000 ms |',
      '| Memory limit | 64 MB |',
      '| Permissions | 4 |',
      '| Commands | 1 |',
      '| Steps | 1 |',
      '| Events | 1 |',
    ]);
  });

  test('the configuration page documents types, defaults, required values, enums and examples', async () => {
    const rows = (await md('documents/Configuration.md'))
      .split('\n')
      .filter((l) => l.startsWith('| `'));
    expect(rows).toEqual([
      '| `city` | `string` | yes |  | City to forecast, as a place name.; e.g. `"Lisbon"` |',
      '| `units` | `"metric" \\| "imperial"` | no | `"metric"` | Unit system of temperatures. |',
      '| `days` | `integer` | no | `3` | How many days ahead to fetch.; at least 1; at most 14 |',
    ]);
  });

  test('contribution pages render input and output schemas, nested values included', async () => {
    const commands = await md('documents/Commands.md');
    expect(commands.split('\n').filter((l) => l.startsWith('#') || l.startsWith('| `'))).toEqual([
      '# Commands',
      '## forecast',
      '### Input of forecast',
      '| `days` | `integer` | no |  | Override of the configured days.; at least 1 |',
      '### Output of forecast',
      '| `city` | `string` | yes |  |  |',
      '| `days` | `object[]` | yes |  |  |',
      '| `days[].date` | `string` | no |  | format `date` |',
      '| `days[].highC` | `number` | no |  |  |',
    ]);
    expect(await md('documents/Events.md')).toContain('### Payload of weather.alert');
  });

  test('guides are included with {@link} resolved to the reference', async () => {
    const guide = await md('documents/Getting-started.md');
    expect(guide).toContain(
      'Its title comes from\n[summarizeForecast](../README.md#summarizeforecast), and temperatures can be converted with [toFahrenheit](../README.md#tofahrenheit).',
    );
    const html = await readFile(
      join(result.html as string, 'documents', 'Getting_started.html'),
      'utf8',
    );
    expect(html).toContain('href="../functions/summarizeForecast.html"');
  });

  test('no internal link of either output is broken', async () => {
    expect(await findBrokenLinks(result.html as string)).toEqual([]);
    expect(await findBrokenLinks(result.markdown as string)).toEqual([]);
  });

  test('the doc model is written beside the outputs', async () => {
    expect(result.docModel).toBe(join(root, 'out', 'weather-plugin.api.json'));
    const model = JSON.parse(await readFile(result.docModel, 'utf8'));
    expect(model).toMatchObject({ kind: 'Package', name: '@acme/weather-plugin' });
    const names = model.members[0].members.map((m: { name: string }) => m.name).sort();
    expect(names).toEqual([
      'Forecast',
      'ForecastDay',
      'ForecastInput',
      'WEATHER_API',
      'WeatherPluginTypes',
      '_default',
      'summarizeForecast',
      'toFahrenheit',
    ]);
  });

  test('the API report is the one committed with the fixture', async () => {
    const committed = await readFile(
      resolve(import.meta.dirname, 'fixtures/weather-plugin/etc/weather-plugin.api.md'),
      'utf8',
    );
    expect(result.apiReport.fileName).toBe('weather-plugin.api.md');
    expect(result.apiReport.text).toBe(committed);
  });

  test('the prebuilt search index finds symbols, members and guide sentences', async () => {
    const script = await readFile(
      join(result.html as string, 'assets', 'stack-search-index.js'),
      'utf8',
    );
    const data = JSON.parse(
      script.replace(/^window\.STACK_SEARCH_INDEX = /, '').replace(/;\n$/, ''),
    );
    const search = MiniSearch.loadJS(data.index, data.options);
    const first = (q: string) => {
      const [hit] = search.search(q, data.options.searchOptions);
      return hit && { title: hit.title, kind: hit.kind, url: hit.url };
    };
    expect(first('toFahrenheit')).toEqual({
      title: 'toFahrenheit',
      kind: 'Function',
      url: 'functions/toFahrenheit.html',
    });
    expect(first('highest temperature')).toEqual({
      title: 'ForecastDay.highC',
      kind: 'Property',
      url: 'interfaces/ForecastDay.html#highc',
    });
    expect(first("tomorrow's rain")).toEqual({
      title: 'Getting started',
      kind: 'Guide',
      url: 'documents/Getting_started.html#getting-started',
    });
    expect(first('redacts secret')).toMatchObject({ title: 'Permissions', kind: 'Plugin' });
    expect(result.searchEntries).toBe(search.documentCount);
  });

  test('every search result points at an existing page and anchor', async () => {
    const script = await readFile(
      join(result.html as string, 'assets', 'stack-search-index.js'),
      'utf8',
    );
    const data = JSON.parse(
      script.replace(/^window\.STACK_SEARCH_INDEX = /, '').replace(/;\n$/, ''),
    );
    const urls: string[] = Object.values(
      data.index.storedFields as Record<string, { url: string }>,
    ).map((f) => f.url);
    expect(urls.length).toBe(result.searchEntries);
    const missing: string[] = [];
    for (const url of urls) {
      const [file = '', anchor] = url.split('#');
      const page = await readFile(join(result.html as string, file), 'utf8').catch(() => undefined);
      if (page === undefined || (anchor && !page.includes(`id="${anchor}"`))) missing.push(url);
    }
    expect(missing).toEqual([]);
  });
});
