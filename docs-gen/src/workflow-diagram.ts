import { workflowStages } from '@stack-plugin/pdk';

/** A workflow step as the diagram reads it from a manifest. */
export interface DiagramStep {
  readonly id: string;
  readonly uses: string;
  readonly needs?: readonly string[];
  readonly optional?: boolean;
  readonly retries?: number;
}

const BOX_W = 200;
const BOX_H = 46;
const GAP_X = 56;
const GAP_Y = 18;
const PAD = 12;
/** Room above the boxes for arrows that skip a column. */
const LANE = 36;

const escapeXml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const clip = (text: string, max: number): string =>
  text.length <= max ? text : `${text.slice(0, max - 1)}…`;

/**
 * A workflow's step graph as an inline SVG, drawn when the docs are built: one column per
 * stage (steps of a column may run side by side), an arrow per `needs`, optional steps with a
 * dashed border, retries as `retries N`. Presentation attributes only (no script, no style
 * element), so it renders without JavaScript and under a strict content security policy.
 * One line of text, since a blank line would end the HTML block in Markdown.
 */
export function workflowDiagramSvg(workflowId: string, steps: readonly DiagramStep[]): string {
  const stages = workflowStages(steps);
  const column = new Map<string, number>();
  stages.forEach((stage, i) => {
    for (const step of stage) column.set(step.id, i);
  });
  // An arrow that skips a column would pass under the boxes between; those arrows arc over
  // the top row instead, in a lane kept free above it.
  const skips = steps.some((s) =>
    (s.needs ?? []).some((n) => (column.get(s.id) ?? 0) - (column.get(n) ?? 0) > 1),
  );
  const top = PAD + (skips ? LANE : 0);
  const place = new Map<string, { x: number; y: number }>();
  const rows = Math.max(...stages.map((s) => s.length), 1);
  stages.forEach((stage, c) => {
    stage.forEach((step, row) => {
      place.set(step.id, { x: PAD + c * (BOX_W + GAP_X), y: top + row * (BOX_H + GAP_Y) });
    });
  });
  const width = PAD * 2 + stages.length * BOX_W + Math.max(0, stages.length - 1) * GAP_X;
  const height = top + PAD + rows * BOX_H + (rows - 1) * GAP_Y;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="stack-workflow-diagram" role="img" aria-labelledby="wf-${escapeXml(workflowId)}-title" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<title id="wf-${escapeXml(workflowId)}-title">Steps of workflow ${escapeXml(workflowId)}, in stages from left to right: ${stages.map((s) => s.map((x) => escapeXml(x.id)).join(' and ')).join(', then ')}</title>`,
    '<defs><marker id="stack-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" fill="#64748b"/></marker></defs>',
  ];
  for (const step of steps) {
    const to = place.get(step.id);
    for (const need of step.needs ?? []) {
      const from = place.get(need);
      if (to === undefined || from === undefined) continue;
      const skip = (column.get(step.id) ?? 0) - (column.get(need) ?? 0) > 1;
      let d: string;
      if (skip) {
        // From the top of the step it needs, over the columns between, into the top of this one.
        const x1 = from.x + BOX_W * 0.75;
        const x2 = to.x + BOX_W * 0.25;
        const lane = PAD + LANE / 3;
        d = `M${x1} ${from.y}C${x1} ${lane} ${x2} ${lane} ${x2} ${to.y - 2}`;
      } else {
        const x1 = from.x + BOX_W;
        const y1 = from.y + BOX_H / 2;
        const x2 = to.x;
        const y2 = to.y + BOX_H / 2;
        const mid = (x1 + x2) / 2;
        d = `M${x1} ${y1}C${mid} ${y1} ${mid} ${y2} ${x2 - 2} ${y2}`;
      }
      parts.push(
        `<path class="stack-workflow-edge" data-from="${escapeXml(need)}" data-to="${escapeXml(step.id)}" d="${d}" fill="none" stroke="#64748b" stroke-width="1.5" marker-end="url(#stack-arrow)"/>`,
      );
    }
  }
  for (const step of steps) {
    const at = place.get(step.id);
    if (at === undefined) continue;
    const badges = [
      step.optional === true ? 'optional' : undefined,
      (step.retries ?? 0) > 0 ? `retries ${step.retries}` : undefined,
    ].filter((b): b is string => b !== undefined);
    parts.push(
      `<g class="stack-workflow-step" data-step="${escapeXml(step.id)}">`,
      `<rect x="${at.x}" y="${at.y}" width="${BOX_W}" height="${BOX_H}" rx="6" fill="#f8fafc" stroke="#334155" stroke-width="1.5"${step.optional === true ? ' stroke-dasharray="5 3"' : ''}/>`,
      `<text x="${at.x + 10}" y="${at.y + 18}" font-weight="bold" fill="#0f172a">${escapeXml(clip(step.id, 24))}${badges.length > 0 ? `<tspan font-weight="normal" fill="#475569"> (${badges.join(', ')})</tspan>` : ''}</text>`,
      `<text x="${at.x + 10}" y="${at.y + 36}" fill="#334155">${escapeXml(clip(step.uses, 30))}</text>`,
      '</g>',
    );
  }
  parts.push('</svg>');
  return parts.join('');
}
