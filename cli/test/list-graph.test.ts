import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../src/index.js';
import { commandPlugin, writePlugin } from './_host-fixture.js';

let root: string;
const cli = (...argv: string[]) => runCli(argv, { cwd: root, env: {} });
const plugin = (name: string, requires: Record<string, string> = {}) =>
  writePlugin(
    root,
    name,
    { requires, contributes: { commands: [{ id: `${name}.run` }] } },
    commandPlugin(`${name}.run`),
  );
const config = (...names: string[]) =>
  writeFile(
    join(root, 'stack.config.json'),
    JSON.stringify({ plugins: names.map((path) => ({ path })) }),
  );

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'stack-cli-graph-'));
  await plugin('app', { notes: '^1.0.0', base: '^1.0.0' });
  await plugin('notes', { base: '>=1 <2' });
  await plugin('base');
  await plugin('orphan', { ghost: '^2.0.0' });
  await plugin('old', { base: '^2.0.0' });
});
afterEach(() => rm(root, { recursive: true, force: true }));

describe('stack-plugin list --graph', () => {
  it('prints what each plugin requires and the order the host activates them in', async () => {
    await config('app', 'notes', 'base');
    expect(await cli('list', '--graph')).toEqual({
      code: 0,
      stderr: '',
      stdout: [
        'app 1.0.0  active',
        '  requires notes ^1.0.0',
        '  requires base ^1.0.0',
        'notes 1.0.0  active',
        '  requires base >=1 <2',
        'base 1.0.0  active',
        'activation order:',
        '  1. base',
        '  2. notes',
        '  3. app',
        '',
      ].join('\n'),
    });
  });

  it('marks missing plugins and versions outside the range, as the host fails them', async () => {
    await config('app', 'notes', 'base', 'orphan', 'old');
    const result = await cli('list', '--graph', '--json');
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual({
      nodes: [
        { name: 'app', version: '1.0.0', state: 'active' },
        { name: 'notes', version: '1.0.0', state: 'active' },
        { name: 'base', version: '1.0.0', state: 'active' },
        { name: 'orphan', version: '1.0.0', state: 'failed' },
        { name: 'old', version: '1.0.0', state: 'failed' },
      ],
      edges: [
        { from: 'app', to: 'notes', range: '^1.0.0' },
        { from: 'app', to: 'base', range: '^1.0.0' },
        { from: 'notes', to: 'base', range: '>=1 <2' },
        { from: 'orphan', to: 'ghost', range: '^2.0.0', problem: 'missing' },
        { from: 'old', to: 'base', range: '^2.0.0', problem: 'version' },
      ],
      levels: [['base', 'orphan'], ['notes', 'old'], ['app']],
    });
  });

  it('draws the graph as Mermaid and as DOT, without running plugin code', async () => {
    await config('notes', 'base', 'orphan', 'old');
    const mermaid = await cli('list', '--graph', '--format', 'mermaid', '--no-activate');
    expect(mermaid.stdout).toBe(
      [
        'flowchart LR',
        '  p0["notes 1.0.0"]',
        '  p1["base 1.0.0"]',
        '  p2["orphan 1.0.0"]:::failed',
        '  p3["old 1.0.0"]:::failed',
        '  p0 -->|"#62;=1 #60;2"| p1',
        '  m0["ghost"]:::missing',
        '  p2 -.->|"^2.0.0 (not configured)"| m0',
        '  p3 -.->|"^2.0.0 (outside the range)"| p1',
        '  classDef failed stroke:#c00,stroke-width:2px',
        '  classDef missing stroke-dasharray:4 4',
        '',
      ].join('\n'),
    );
    const dot = await cli('list', '--graph', '--format', 'dot', '--no-activate');
    expect(dot.stdout).toBe(
      [
        'digraph plugins {',
        '  rankdir=LR;',
        '  node [shape=box];',
        '  "notes" [label="notes 1.0.0"];',
        '  "base" [label="base 1.0.0"];',
        '  "orphan" [label="orphan 1.0.0", color=red];',
        '  "old" [label="old 1.0.0", color=red];',
        '  "notes" -> "base" [label=">=1 <2"];',
        '  "ghost" [style=dashed];',
        '  "orphan" -> "ghost" [label="^2.0.0 (not configured)", style=dashed];',
        '  "old" -> "base" [label="^2.0.0 (outside the range)", style=dashed];',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('names a cycle instead of an order', async () => {
    await plugin('a', { b: '^1.0.0' });
    await plugin('b', { a: '^1.0.0' });
    await config('a', 'b', 'base');
    const result = await cli('list', '--graph', '--no-activate');
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(
      [
        'a 1.0.0  failed',
        '  requires b ^1.0.0',
        'b 1.0.0  failed',
        '  requires a ^1.0.0',
        'base 1.0.0  validated',
        'cycle: a -> b -> a',
        '',
      ].join('\n'),
    );
  });

  it('refuses an unknown format, and --format without --graph, as bad usage', async () => {
    await config('base');
    const svg = await cli('list', '--graph', '--format', 'dto');
    expect(svg.code).toBe(2);
    expect(svg.stderr).toContain(
      'Unknown format "dto" (did you mean "dot"?); choose one of text, mermaid, dot',
    );
    expect((await cli('list', '--format', 'dot')).code).toBe(2);
  });
});
