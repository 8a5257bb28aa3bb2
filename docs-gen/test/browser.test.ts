import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { artifactsDir, launchChromium } from '../../test/launch-chromium.js';
import { generateDocs } from '../src/index.js';
import { copyFixture, scratch } from './_fixture.js';

// Screenshots are kept as test artifacts (git-ignored) for people to look at.
let ARTIFACTS: string;
const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
};

let cleanup: () => Promise<void>;
let site: string;
let server: Server;
let origin: string;
let browser: Browser;

beforeAll(async () => {
  const s = await scratch();
  cleanup = s.cleanup;
  const dir = await copyFixture(s.root, 'weather-plugin');
  const result = await generateDocs({ dir, out: join(s.root, 'out'), format: 'html' });
  site = result.html as string;
  server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    try {
      const body = await readFile(join(site, path.endsWith('/') ? `${path}index.html` : path));
      res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
  ARTIFACTS = await artifactsDir(import.meta.dirname);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((done) => server?.close(done));
  await cleanup?.();
});

/** Opens a page and records script errors, which must stay empty. */
async function open(url: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  await page.locator('#stack-search-input').waitFor();
  return { page, errors };
}

async function search(page: Page, query: string): Promise<string[]> {
  await page.locator('#stack-search-input').fill(query);
  await page.locator('#stack-search-results li').first().waitFor();
  return page.locator('#stack-search-results .stack-search-title').allTextContents();
}

describe('the generated site in Chromium', () => {
  test('served over HTTP: search finds a symbol and opens its page', async () => {
    const { page, errors } = await open(`${origin}/index.html`);
    expect((await search(page, 'toFahrenheit'))[0]).toBe('toFahrenheit');
    await page.screenshot({ path: join(ARTIFACTS, 'search-symbol.png') });
    await page.keyboard.press('Enter');
    await page.waitForURL(`${origin}/functions/toFahrenheit.html`);
    await expect(page.locator('h1').textContent()).resolves.toContain('toFahrenheit');
    expect(errors).toEqual([]);
    await page.close();
  });

  test('opened from disk: search finds a guide sentence from a nested page', async () => {
    const { page, errors } = await open(
      pathToFileURL(join(site, 'documents', 'Overview.html')).href,
    );
    expect((await search(page, "tomorrow's rain"))[0]).toBe('Getting started');
    await page.screenshot({ path: join(ARTIFACTS, 'search-guide.png') });
    await page.locator('#stack-search-results a').first().click();
    await page.waitForURL(/documents\/Getting_started\.html#getting-started$/);
    await expect(page.locator('.col-content').textContent()).resolves.toContain(
      "The weather plugin brings tomorrow's rain into your build pipeline.",
    );
    expect(errors).toEqual([]);
    await page.close();
  });

  test('the permissions page renders its table', async () => {
    const { page, errors } = await open(`${origin}/documents/Permissions.html`);
    const rows = page.locator('.col-content table tbody tr');
    await expect(rows.count()).resolves.toBe(4);
    const cells = await rows.evaluateAll((trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim())),
    );
    expect(cells).toEqual([
      [
        'fs:write:reports/**',
        'medium',
        'Create, change and delete workspace files matching "reports/**".',
      ],
      [
        'net:api.weather.example.com:443',
        'medium',
        'Make network requests to api.weather.example.com (port 443).',
      ],
      [
        'secret:WEATHER_API_KEY',
        'medium',
        'Read the secret WEATHER_API_KEY; the host redacts it from logs and errors.',
      ],
      ['state', 'low', 'Keep its own data between runs.'],
    ]);
    await page.screenshot({ path: join(ARTIFACTS, 'permissions.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });
});
