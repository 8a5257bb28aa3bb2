import type { PluginGraph } from '@stack-plugin/host/internal';
import { printable } from '../_printable.js';

/** The formats `list --graph` draws in. */
export const GRAPH_FORMATS = ['text', 'mermaid', 'dot'] as const;

/** One of {@link GRAPH_FORMATS}. */
export type GraphFormat = (typeof GRAPH_FORMATS)[number];

/**
 * Draw `graph` (the host's `pluginGraph`, which the operations console draws too) in `format`;
 * plugin text is made printable (text) or quoted for the format.
 */
export function formatGraph(graph: PluginGraph, format: GraphFormat): string {
  if (format === 'mermaid') return mermaid(graph);
  if (format === 'dot') return dot(graph);
  return text(graph);
}

const PROBLEM_TEXT = { missing: 'not configured', version: 'outside the range' } as const;

function text(graph: PluginGraph): string {
  if (graph.nodes.length === 0) return 'No plugins configured.\n';
  const version = new Map(graph.nodes.map((n) => [n.name, n.version]));
  const lines: string[] = [];
  for (const node of graph.nodes) {
    lines.push(`${printable(node.name)} ${printable(node.version)}  ${node.state}`);
    for (const e of graph.edges.filter((edge) => edge.from === node.name)) {
      const found = version.get(e.to);
      const note =
        e.problem === undefined
          ? ''
          : `  (${PROBLEM_TEXT[e.problem]}${found === undefined ? '' : `: ${printable(found)}`})`;
      lines.push(`  requires ${printable(e.to)} ${printable(e.range)}${note}`);
    }
  }
  if (graph.cycle !== undefined) lines.push(`cycle: ${printable(graph.cycle)}`);
  else {
    lines.push('activation order:');
    graph.levels.forEach((level, i) => {
      lines.push(`  ${i + 1}. ${level.map(printable).join(', ')}`);
    });
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Mermaid flowchart. Hand-written: a few lines of text, and the generators on npm are
 * renderers (mermaid itself) or editors' converters. Node ids are positional (`p0`, `m0`), so
 * a name never has to be a valid id; labels are quoted with Mermaid's entity codes.
 */
function mermaid(graph: PluginGraph): string {
  const label = (text: string) =>
    `"${text.replace(/[#"<>&|]/g, (ch) => `#${ch.codePointAt(0)};`)}"`;
  const ids = new Map(graph.nodes.map((n, i) => [n.name, `p${i}`]));
  const lines = ['flowchart LR'];
  for (const n of graph.nodes) {
    lines.push(
      `  ${ids.get(n.name)}[${label(`${n.name} ${n.version}`)}]${n.state === 'failed' || n.state === 'refused' ? ':::failed' : ''}`,
    );
  }
  let missing = 0;
  for (const e of graph.edges) {
    let to = ids.get(e.to);
    if (to === undefined) {
      to = `m${missing++}`;
      ids.set(e.to, to);
      lines.push(`  ${to}[${label(e.to)}]:::missing`);
    }
    const arrow = e.problem === undefined ? '-->' : '-.->';
    const text = e.problem === undefined ? e.range : `${e.range} (${PROBLEM_TEXT[e.problem]})`;
    lines.push(`  ${ids.get(e.from)} ${arrow}|${label(text)}| ${to}`);
  }
  lines.push('  classDef failed stroke:#c00,stroke-width:2px');
  lines.push('  classDef missing stroke-dasharray:4 4');
  return `${lines.join('\n')}\n`;
}

/**
 * Graphviz DOT. Hand-written for the same reason as {@link mermaid}: every id and label is one
 * double-quoted DOT string (backslash and quote escaped), which is the whole quoting rule.
 */
function dot(graph: PluginGraph): string {
  const q = (text: string) => `"${text.replace(/[\\"]/g, (ch) => `\\${ch}`).replace(/\n/g, ' ')}"`;
  const lines = ['digraph plugins {', '  rankdir=LR;', '  node [shape=box];'];
  const known = new Set(graph.nodes.map((n) => n.name));
  for (const n of graph.nodes) {
    const style = n.state === 'failed' || n.state === 'refused' ? ', color=red' : '';
    lines.push(`  ${q(n.name)} [label=${q(`${n.name} ${n.version}`)}${style}];`);
  }
  for (const e of graph.edges) {
    if (!known.has(e.to)) {
      known.add(e.to);
      lines.push(`  ${q(e.to)} [style=dashed];`);
    }
    const text = e.problem === undefined ? e.range : `${e.range} (${PROBLEM_TEXT[e.problem]})`;
    lines.push(
      `  ${q(e.from)} -> ${q(e.to)} [label=${q(text)}${e.problem === undefined ? '' : ', style=dashed'}];`,
    );
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
