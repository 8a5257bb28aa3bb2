import { type DiagramStep, workflowDiagramSvg } from './workflow-diagram.js';

/**
 * Info string of the fenced block in which a workflow page carries its steps as JSON. The site
 * renders Markdown with raw HTML off (plugin text is untrusted), so the diagram cannot sit in
 * the page as an `<svg>`: the HTML renderer draws it from this block instead, and the Markdown
 * output keeps the block as it is.
 */
export const WORKFLOW_FENCE = 'stack-workflow';

/** The fenced block of a workflow whose steps {@link workflowDiagramSvg} can draw. */
export function workflowFence(id: string, steps: readonly DiagramStep[]): string {
  const data = steps.map(({ id, uses, needs, optional, retries }) => ({
    id,
    uses,
    ...(needs === undefined ? {} : { needs }),
    ...(optional === undefined ? {} : { optional }),
    ...(retries === undefined ? {} : { retries }),
  }));
  return `\`\`\`${WORKFLOW_FENCE}\n${JSON.stringify({ id, steps: data })}\n\`\`\``;
}

const isStep = (v: unknown): v is DiagramStep => {
  const s = v as Partial<Record<keyof DiagramStep, unknown>> | null;
  return (
    typeof s === 'object' &&
    s !== null &&
    typeof s.id === 'string' &&
    typeof s.uses === 'string' &&
    (s.needs === undefined ||
      (Array.isArray(s.needs) && s.needs.every((n) => typeof n === 'string'))) &&
    (s.optional === undefined || typeof s.optional === 'boolean') &&
    (s.retries === undefined || typeof s.retries === 'number')
  );
};

/**
 * The SVG of a {@link WORKFLOW_FENCE} block's content, or undefined when the content is not a
 * drawable workflow (a guide may hold such a block by hand; it then shows as code).
 */
export function renderWorkflowFence(content: string): string | undefined {
  let data: { id?: unknown; steps?: unknown };
  try {
    data = JSON.parse(content);
  } catch {
    return undefined;
  }
  const { id, steps } = data ?? {};
  if (typeof id !== 'string' || !Array.isArray(steps) || !steps.every(isStep)) return undefined;
  try {
    return workflowDiagramSvg(id, steps);
  } catch {
    // A cycle or a missing need: the page already says why there is no diagram.
    return undefined;
  }
}

/** The part of markdown-it's interface the fence rule uses (typedoc types its parser `any`). */
interface FenceParser {
  renderer: {
    rules: Record<string, FenceRule | undefined>;
    renderToken(tokens: unknown[], idx: number, options: unknown): string;
  };
}
type FenceRule = (
  tokens: Array<{ info: string; content: string }>,
  idx: number,
  options: unknown,
  env: unknown,
  self: FenceParser['renderer'],
) => string;

/**
 * A markdown-it plugin (typedoc's `markdownItLoader`) that draws {@link WORKFLOW_FENCE} blocks
 * as SVG diagrams and leaves every other fence to the default rule. The SVG is built from
 * escaped text with presentation attributes only, so it needs no raw HTML in the Markdown.
 */
export function addWorkflowDiagrams(parser: FenceParser): void {
  const fallback: FenceRule =
    parser.renderer.rules.fence ??
    ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
  parser.renderer.rules.fence = (tokens, idx, options, env, self) => {
    const token = tokens[idx];
    const svg =
      token?.info.trim() === WORKFLOW_FENCE ? renderWorkflowFence(token.content) : undefined;
    return svg === undefined ? fallback(tokens, idx, options, env, self) : `${svg}\n`;
  };
}
