import { findNodeAtLocation, type Node, parseTree } from 'jsonc-parser';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

interface Style {
  readonly unit: string;
  readonly newline: string;
}

/**
 * Print `value` the way Biome and hand-written manifests do: objects one key per line, arrays
 * of plain values on one line. `indent` is the indentation of the line the value starts on.
 */
function print(value: Json, indent: string, style: Style): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const inner = indent + style.unit;
  if (Array.isArray(value)) {
    if (value.every((v) => v === null || typeof v !== 'object')) {
      return `[${value.map((v) => JSON.stringify(v)).join(', ')}]`;
    }
    const items = value.map((v) => inner + print(v, inner, style));
    return `[${style.newline}${items.join(`,${style.newline}`)}${style.newline}${indent}]`;
  }
  const entries = Object.entries(value).map(
    ([k, v]) => `${inner}${JSON.stringify(k)}: ${print(v, inner, style)}`,
  );
  if (entries.length === 0) return '{}';
  return `{${style.newline}${entries.join(`,${style.newline}`)}${style.newline}${indent}}`;
}

/** Indentation of the line holding `offset`. */
function lineIndent(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(start))?.[0] ?? '';
}

/** Insert `"key": value` as the last property of `object`. */
function addProperty(text: string, object: Node, key: string, value: Json, style: Style): string {
  const last = object.children?.at(-1);
  const end = object.offset + object.length - 1; // the closing brace
  if (last === undefined) {
    const indent = lineIndent(text, object.offset);
    const inner = indent + style.unit;
    const body = `${style.newline}${inner}${JSON.stringify(key)}: ${print(value, inner, style)}${style.newline}${indent}`;
    return text.slice(0, object.offset + 1) + body + text.slice(end);
  }
  const indent = lineIndent(text, last.offset);
  const at = last.offset + last.length;
  const added = `,${style.newline}${indent}${JSON.stringify(key)}: ${print(value, indent, style)}`;
  return text.slice(0, at) + added + text.slice(at);
}

/**
 * Add `entry` to `contributes.<key>` of a stack-plugin.json text, creating the list (and
 * `contributes`) when missing. Only the inserted text is new: every other byte, the key order
 * and the file's indentation and line endings stay as they were.
 */
export function insertContribution(text: string, key: string, entry: Json): string {
  const root = parseTree(text);
  if (root === undefined || root.type !== 'object') {
    throw new Error('stack-plugin.json does not hold a JSON object');
  }
  const style: Style = {
    unit: /^([ \t]+)\S/m.exec(text)?.[1] ?? '  ',
    newline: text.includes('\r\n') ? '\r\n' : '\n',
  };
  const contributes = findNodeAtLocation(root, ['contributes']);
  if (contributes === undefined)
    return addProperty(text, root, 'contributes', { [key]: [entry] }, style);
  if (contributes.type !== 'object')
    throw new Error('"contributes" in stack-plugin.json is not an object');
  const list = findNodeAtLocation(contributes, [key]);
  if (list === undefined) return addProperty(text, contributes, key, [entry], style);
  if (list.type !== 'array')
    throw new Error(`"contributes.${key}" in stack-plugin.json is not a list`);
  const last = list.children?.at(-1);
  if (last === undefined) {
    const indent = lineIndent(text, list.offset);
    const inner = indent + style.unit;
    const body = `[${style.newline}${inner}${print(entry, inner, style)}${style.newline}${indent}]`;
    return text.slice(0, list.offset) + body + text.slice(list.offset + list.length);
  }
  const indent = lineIndent(text, last.offset);
  const at = last.offset + last.length;
  return `${text.slice(0, at)},${style.newline}${indent}${print(entry, indent, style)}${text.slice(at)}`;
}
