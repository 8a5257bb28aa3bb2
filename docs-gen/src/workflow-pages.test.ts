import { describe, expect, it } from 'vitest';
import { addWorkflowDiagrams, renderWorkflowFence } from './_workflow-fence.js';
import { manifestPages } from './manifest-pages.js';
import { workflowDiagramSvg } from './workflow-diagram.js';

const release = {
  id: 'release.prepare',
  title: 'Prepare a release',
  steps: [
    { id: 'collect', uses: 'steps:changes.collect' },
    { id: 'bump', uses: 'steps:version.bump', needs: ['collect'], retries: 2 },
    { id: 'notes', uses: 'steps:notes.render', needs: ['collect', 'bump'], optional: true },
  ],
};

describe('workflow pages', () => {
  it('show every step with its needs, optional, retries with backoff, and a diagram', () => {
    const page = manifestPages({
      name: 'p',
      version: '1.0.0',
      manifest: { category: 'workflow', contributes: { workflows: [release] } },
    }).find((p) => p.title === 'Workflows');
    const md = page?.markdown ?? '';
    expect(md).toContain('### Steps of release.prepare');
    expect(md).toContain(
      '| `bump` | `steps:version.bump` | `collect` | no | retries 2 (waits 100 ms, 200 ms) | host default |',
    );
    expect(md).toContain(
      '| `notes` | `steps:notes.render` | `collect`, `bump` | yes: a failure does not fail the workflow | no retries | host default |',
    );
    expect(md).toMatch(
      /waiting 100 ms before the first retry, then 2 times longer each time, at most 10 s/,
    );
    // The diagram travels as a fenced block (raw HTML is off); the site draws it from there.
    const fence = /^```stack-workflow\n(.*)\n```$/m.exec(md);
    expect(fence?.[1]).toBeDefined();
    expect(renderWorkflowFence(fence?.[1] ?? '')).toBe(
      workflowDiagramSvg('release.prepare', release.steps),
    );
  });

  it('draws the diagram block through the markdown renderer, other fences untouched', () => {
    const rules: Record<string, (...args: never[]) => string> = {
      fence: (tokens: Array<{ content: string }>, idx: number) =>
        `<pre>${tokens[idx]?.content}</pre>`,
    };
    const parser = { renderer: { rules, renderToken: () => '' } };
    addWorkflowDiagrams(parser as never);
    const fence = rules.fence as (...args: unknown[]) => string;
    const render = (info: string, content: string) =>
      fence([{ info, content }], 0, {}, {}, parser.renderer);
    const block = JSON.stringify({ id: 'release.prepare', steps: release.steps });
    expect(render('stack-workflow', block)).toBe(
      `${workflowDiagramSvg('release.prepare', release.steps)}\n`,
    );
    expect(render('json', block)).toBe(`<pre>${block}</pre>`);
    // Not a workflow, or one with a cycle: shown as the code it is.
    expect(render('stack-workflow', '{"id":1}')).toBe('<pre>{"id":1}</pre>');
    const loop = '{"id":"w","steps":[{"id":"a","uses":"x","needs":["a"]}]}';
    expect(render('stack-workflow', loop)).toBe(`<pre>${loop}</pre>`);
  });

  it('draws one box per step, one arrow per need, stages left to right', () => {
    const svg = workflowDiagramSvg('release.prepare', release.steps);
    expect(svg.match(/class="stack-workflow-step"/g)).toHaveLength(3);
    expect(svg.match(/class="stack-workflow-edge"/g)).toHaveLength(3);
    expect(svg).toContain(
      '<title id="wf-release.prepare-title">Steps of workflow release.prepare, in stages from left to right: collect, then bump, then notes</title>',
    );
    expect(svg).toMatch(/data-step="notes">.*stroke-dasharray/);
    // collect -> notes skips the bump column: it arcs over the top row instead of under bump.
    expect(svg).toContain('data-from="collect" data-to="notes" d="M162 48C162 24 574 24 574 46"');
    expect(svg).toContain('data-from="collect" data-to="bump" d="M212 71C');
    expect(svg).not.toMatch(/<script|style=|\n/);
  });

  it('escapes what it draws', () => {
    const svg = workflowDiagramSvg('w', [{ id: 'a', uses: '<img src=x onerror=alert(1)>' }]);
    expect(svg).not.toContain('<img');
    expect(svg).toContain('&#60;img src=x onerror=alert(1)&#62;');
  });

  it('says why there is no diagram for a cycle, and still lists the steps', () => {
    const page = manifestPages({
      name: 'p',
      version: '1.0.0',
      manifest: {
        contributes: {
          workflows: [
            {
              id: 'loop',
              steps: [
                { id: 'a', uses: 'x', needs: ['b'] },
                { id: 'b', uses: 'x', needs: ['a'] },
              ],
            },
          ],
        },
      },
    }).find((p) => p.title === 'Workflows');
    expect(page?.markdown).toContain(
      '*No diagram: steps "a", "b" need steps that are missing or form a cycle.*',
    );
    expect(page?.markdown).toContain('| `a` | `x` | `b` |');
  });
});
