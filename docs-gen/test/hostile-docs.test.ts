// Plugin docs get published, so every field a plugin controls is hostile input: rendered in
// Chromium, none of it may run script, whatever the field.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { generateDocs } from '../src/index.js';
import { copyFixture, scratch } from './_fixture.js';

/** Each payload sets `window.__pwned` to its own number if it ever runs. */
const attack = (n: number) => [
  `<img src=x onerror="window.__pwned=${n}">`,
  `<script>window.__pwned=${n}</script>`,
  `[click me](javascript:window.__pwned=${n})`,
  `<svg onload="window.__pwned=${n}"></svg>`,
  `<a href="javascript:window.__pwned=${n}">link</a>`,
];
const hostile = (n: number) => attack(n).join(' ');
const json = (text: string) => JSON.stringify(text).slice(1, -1);

let cleanup: () => Promise<void>;
let site: string;
let browser: Browser;

beforeAll(async () => {
  const s = await scratch();
  cleanup = s.cleanup;
  const dir = await copyFixture(s.root, 'weather-plugin', 'hostile-plugin', {
    'package.json': (t) =>
      t.replace(
        'Fetches forecasts and turns them into build-pipeline steps',
        json(`Forecasts ${hostile(1)}`),
      ),
    'stack-plugin.json': (t) =>
      t
        .replace('"Show the forecast"', JSON.stringify(`Show ${attack(2)[0]}`))
        .replace(
          '"Fetches the forecast for the configured city."',
          JSON.stringify(`Fetches ${hostile(3)}`),
        )
        .replace('"City to forecast, as a place name."', JSON.stringify(`City ${hostile(4)}`))
        .replace('"Write a weather report"', JSON.stringify(`Report ${attack(5)[1]}`))
        // A workflow, whose diagram is the one piece of markup the site draws itself.
        .replace(
          '"steps": [',
          `"workflows": [{ "id": "weather.daily", "description": ${JSON.stringify(hostile(9))}, "steps": [
            { "id": "fetch", "uses": "commands:forecast" },
            { "id": "write", "uses": "steps:write-report", "needs": ["fetch"] }
          ] }],
          "steps": [`,
        ),
    'src/index.ts': (t) =>
      t.replace(
        ' * Weather forecasts as Stack commands and pipeline steps.',
        ` * Weather forecasts ${hostile(7)}`,
      ),
    'docs/getting-started.md': (t) => `${t}\n\n${hostile(8)}\n`,
  });
  const result = await generateDocs({ dir, out: join(s.root, 'out'), format: 'html' });
  site = result.html as string;
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await cleanup?.();
});

describe('hostile plugin text in the generated site', () => {
  test('no payload runs on any page, even when clicked', async () => {
    const html = (await readdir(site, { recursive: true }))
      .map(String)
      .filter((f) => f.endsWith('.html'));
    // Every page that carries a payload: the overview, guide, command, step, configuration
    // and the module page with the TSDoc.
    const pages: string[] = [];
    for (const file of html) {
      if ((await readFile(join(site, file), 'utf8')).includes('__pwned')) pages.push(file);
    }
    expect(pages.length).toBeGreaterThanOrEqual(5);
    const ran: string[] = [];
    for (const file of pages) {
      const page = await browser.newPage();
      await page.goto(pathToFileURL(join(site, file)).href);
      await page.waitForLoadState('load');
      // Follow every link whose target is script, as a curious reader would.
      for (const link of await page.locator('a[href^="javascript:"]').all()) {
        await link.click({ timeout: 1000 }).catch(() => {});
      }
      const pwned = await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned);
      if (pwned !== undefined) ran.push(`${file}: payload ${pwned}`);
      await page.close();
    }
    expect(ran).toEqual([]);
  }, 120_000);

  test('the payloads show as text, and every page carries a restrictive policy', async () => {
    const overview = (await readdir(site, { recursive: true }))
      .map(String)
      .find((f) => /Overview\.html$/i.test(f));
    expect(overview).toBeDefined();
    const html = await readFile(join(site, overview as string), 'utf8');
    expect(html).not.toMatch(/<img src=x onerror/);
    expect(html).toContain('&lt;img src=x onerror=');
    const page = await browser.newPage();
    await page.goto(pathToFileURL(join(site, overview as string)).href);
    expect(await page.locator('body').textContent()).toContain(
      '<img src=x onerror="window.__pwned=1">',
    );
    const policy = await page
      .locator('meta[http-equiv="Content-Security-Policy"]')
      .getAttribute('content');
    expect(policy).toMatch(/default-src 'none'/);
    expect(policy).toMatch(/script-src 'self'( 'sha256-[A-Za-z0-9+/=]+')*;/);
    expect(policy).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(policy).toMatch(/object-src 'none'/);
    await page.close();
  });

  test('the workflow page, with a hostile description, draws its diagram and nothing else', async () => {
    const workflows = (await readdir(site, { recursive: true }))
      .map(String)
      .find((f) => /Workflows\.html$/i.test(f));
    expect(workflows).toBeDefined();
    const page = await browser.newPage();
    await page.goto(pathToFileURL(join(site, workflows as string)).href);
    const diagram = page.locator('svg.stack-workflow-diagram');
    expect(await diagram.count()).toBe(1);
    expect(await diagram.locator('.stack-workflow-step').count()).toBe(2);
    expect(await diagram.locator('.stack-workflow-edge').count()).toBe(1);
    expect(await diagram.locator('img, script, foreignObject').count()).toBe(0);
    await page.close();
  });
});
