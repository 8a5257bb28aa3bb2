import { dirname, relative, resolve } from 'node:path';
import type { BuildOptions } from 'esbuild';
import { loadTool } from '../_load-tool.js';
import { createSourceMapLookup, type SourceMapJson } from './_source-map-lookup.js';

/** Something in plugin code or its bundle that a sandbox would refuse. */
export interface BundleFinding {
  readonly code: 'BUILD_FORBIDDEN_IMPORT' | 'BUILD_SANDBOX_INCOMPATIBLE';
  /** What was found, phrased to follow a location: `uses dynamic import()`. */
  readonly what: string;
  /** Path relative to the plugin folder (or absolute outside it), 1-based line, 0-based column. */
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** Name the sandbox binds the default export to; a bundle must not use it. */
const RESERVED_BINDING = '$__stackPluginDefault__';

// The same patterns the sandbox refuses, without parsing: SES rejects any source containing
// `import(` (outside a member access), an HTML comment token or what looks like a direct
// `eval(`, even in strings and comments; the bundle loader rejects `import.meta`, which has
// no meaning once the module is a script.
const PATTERNS: ReadonlyArray<readonly [RegExp, BundleFinding['code'], string]> = [
  [
    /(?:^|[^.]|\.\.\.)\bimport(?=\s*(?:\(|\/[/*]))/g,
    'BUILD_FORBIDDEN_IMPORT',
    'uses dynamic import() (or the text "import(", refused even in strings and comments)',
  ],
  [/(?:^|[^.$\w])import(?=\s*\.\s*meta\b)/g, 'BUILD_FORBIDDEN_IMPORT', 'uses import.meta'],
  [/<!--|-->/g, 'BUILD_SANDBOX_INCOMPATIBLE', 'an HTML comment token ("<!--" or "-->")'],
  [
    /(?:^|[^.])\beval(?=\s*\()/g,
    'BUILD_SANDBOX_INCOMPATIBLE',
    'what looks like a direct eval ("eval(")',
  ],
  [
    /\$__stackPluginDefault__/g,
    'BUILD_SANDBOX_INCOMPATIBLE',
    `the reserved name ${RESERVED_BINDING}`,
  ],
];

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function positionOf(starts: readonly number[], index: number): { line: number; column: number } {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((starts[mid] ?? 0) <= index) low = mid;
    else high = mid - 1;
  }
  return { line: low + 1, column: index - (starts[low] ?? 0) };
}

/** Maps a generated position to its original file, relative to `dir` when inside it. */
function mapper(map: SourceMapJson, generatedFile: string, dir: string) {
  const lookup = createSourceMapLookup(map);
  return (line: number, column: number) => {
    const original = lookup(line, column);
    const source = original === undefined ? undefined : map.sources[original.source];
    if (original === undefined || source === undefined) {
      return { file: relative(dir, generatedFile), line, column };
    }
    const absolute = resolve(dirname(generatedFile), source);
    const inside = relative(dir, absolute);
    return {
      file: inside.startsWith('..') ? absolute : inside,
      line: original.line,
      column: original.column,
    };
  };
}

/**
 * Finds what the sandbox would refuse in a bundle and maps each finding back to the original
 * source through the bundle's source map.
 */
export function scanBundle(
  text: string,
  map: SourceMapJson,
  outfile: string,
  dir: string,
): BundleFinding[] {
  const starts = lineStarts(text);
  const toSource = mapper(map, outfile, dir);
  const findings: BundleFinding[] = [];
  for (const [pattern, code, what] of PATTERNS) {
    for (const match of text.matchAll(pattern)) {
      // Point at the word, not at the character before it that the pattern consumed.
      const word = /(?:import|eval)$/.exec(match[0]);
      const at = word === null ? match.index : match.index + word.index;
      const { line, column } = positionOf(starts, at);
      findings.push({ code, what, ...toSource(line, column) });
    }
  }
  return findings;
}

/** Node globals that do not exist in a sandbox, with how a finding reads. */
const NODE_GLOBALS: ReadonlyArray<readonly [string, string]> = [
  ['require', 'uses require'],
  ['process', 'uses the Node global "process"'],
  ['Buffer', 'uses the Node global "Buffer"'],
  ['__dirname', 'uses the Node global "__dirname"'],
  ['__filename', 'uses the Node global "__filename"'],
];

/**
 * Finds references to Node-only globals (`require`, `process`, ...) in the plugin's own
 * modules, with their locations. esbuild replaces only free identifiers through `define`, so
 * compiling each module with every such global defined as a marker and then looking for the
 * markers finds exactly the unbound references (a local named `require` is left alone).
 * `typeof process` stays allowed: it is how portable code asks whether it runs in Node.
 */
export async function findNodeGlobals(
  files: readonly string[],
  dir: string,
  base: Pick<BuildOptions, 'target' | 'define' | 'tsconfig'>,
): Promise<BundleFinding[]> {
  if (files.length === 0) return [];
  const { build } = await loadTool('esbuild', 'build', () => import('esbuild'));
  const define: Record<string, string> = { ...base.define };
  NODE_GLOBALS.forEach(([name], index) => {
    define[name] = `__STACK_NODE_GLOBAL_${index}__`;
  });
  const outdir = resolve(dir, '.stack-plugin-analysis');
  const result = await build({
    absWorkingDir: dir,
    entryPoints: files.map((file) => resolve(dir, file)),
    outdir,
    outbase: dir,
    bundle: false,
    write: false,
    format: 'esm',
    platform: 'neutral',
    target: base.target,
    define,
    sourcemap: 'external',
    logLevel: 'silent',
    ...(base.tsconfig === undefined ? {} : { tsconfig: base.tsconfig }),
  });
  const maps = new Map(
    result.outputFiles
      .filter((f) => f.path.endsWith('.map'))
      .map((f) => [f.path.slice(0, -'.map'.length), JSON.parse(f.text) as SourceMapJson]),
  );
  const findings: BundleFinding[] = [];
  for (const output of result.outputFiles) {
    const map = maps.get(output.path);
    if (map === undefined) continue;
    const starts = lineStarts(output.text);
    const toSource = mapper(map, output.path, dir);
    for (const match of output.text.matchAll(/__STACK_NODE_GLOBAL_(\d+)__/g)) {
      if (/\btypeof\s*$/.test(output.text.slice(Math.max(0, match.index - 16), match.index))) {
        continue;
      }
      const what = NODE_GLOBALS[Number(match[1])]?.[1] ?? 'uses a Node global';
      const { line, column } = positionOf(starts, match.index);
      findings.push({ code: 'BUILD_FORBIDDEN_IMPORT', what, ...toSource(line, column) });
    }
  }
  return findings;
}
