/** The parts of a version 3 source map the lookup reads. */
export interface SourceMapJson {
  readonly sources: readonly string[];
  readonly mappings: string;
}

/** A position in an original source (line 1-based, column 0-based, as esbuild reports them). */
export interface SourcePosition {
  /** Index into the map's `sources`. */
  readonly source: number;
  readonly line: number;
  readonly column: number;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DIGIT = new Map([...BASE64].map((char, index) => [char, index]));

/** One decoded segment: generated column, source index, original line (0-based), column. */
type Segment = readonly [number, number, number, number];

function decodeLine(text: string, state: number[]): Segment[] {
  const segments: Segment[] = [];
  let column = 0;
  for (const field of text.split(',')) {
    if (field === '') continue;
    const values: number[] = [];
    let value = 0;
    let shift = 0;
    for (const char of field) {
      const digit = DIGIT.get(char) ?? 0;
      value += (digit & 31) << shift;
      if (digit & 32) {
        shift += 5;
      } else {
        values.push(value & 1 ? -(value >>> 1) : value >>> 1);
        value = 0;
        shift = 0;
      }
    }
    column += values[0] ?? 0;
    // Segments of one field only say "generated code with no source"; skip them.
    if (values.length < 4) continue;
    state[0] = (state[0] ?? 0) + (values[1] ?? 0);
    state[1] = (state[1] ?? 0) + (values[2] ?? 0);
    state[2] = (state[2] ?? 0) + (values[3] ?? 0);
    segments.push([column, state[0], state[1], state[2]]);
  }
  return segments;
}

/**
 * Maps positions in generated code back to the original sources. Decodes the whole map once,
 * on first use: builds only need it when reporting a problem, and then a few times at most.
 */
export function createSourceMapLookup(
  map: SourceMapJson,
): (line: number, column: number) => SourcePosition | undefined {
  let lines: Segment[][] | undefined;
  return (line, column) => {
    if (lines === undefined) {
      // Source index, line and column are deltas across the whole map, not per line.
      const state = [0, 0, 0];
      lines = map.mappings.split(';').map((text) => decodeLine(text, state));
    }
    const segments = lines[line - 1] ?? [];
    let found: Segment | undefined;
    for (const segment of segments) {
      if (segment[0] > column) break;
      found = segment;
    }
    return found === undefined
      ? undefined
      : { source: found[1], line: found[2] + 1, column: found[3] };
  };
}
