import parsePrometheus from 'parse-prometheus-text-format';
import { Counter, Gauge, Registry } from 'prom-client';

/** One metric family as the parser reads it. */
export interface Family {
  readonly name: string;
  readonly help: string;
  readonly type: string;
  readonly metrics: ReadonlyArray<{ value: string; labels?: Record<string, string> }>;
}

// The package is CommonJS with `module.exports = parse`; loaders differ on `default`.
const parse = ((parsePrometheus as unknown as { default?: unknown }).default ??
  parsePrometheus) as (text: string) => Family[];

/**
 * Checks that `text` is valid Prometheus text exposition and returns its families: parsed by
 * parse-prometheus-text-format, then rebuilt in a prom-client registry (which validates every
 * metric name, label name and value) and rendered again; the text must come back byte for
 * byte. A lenient parse of a broken line (`name 3 x`, an unquoted label) gives a family that
 * either fails prom-client's checks or renders differently, so it is caught.
 */
export async function checkExposition(text: string): Promise<Family[]> {
  const families = parse(text);
  const registry = new Registry();
  for (const family of families) {
    if (family.type !== 'COUNTER' && family.type !== 'GAUGE') {
      throw new Error(`${family.name}: type ${family.type}, expected COUNTER or GAUGE`);
    }
    // A family without samples was rendered from labelled metrics never set; labelling the
    // rebuilt one keeps prom-client from rendering a 0 sample for it.
    const labelNames =
      family.metrics.length === 0
        ? ['plugin']
        : [...new Set(family.metrics.flatMap((m) => Object.keys(m.labels ?? {})))];
    const config = { name: family.name, help: family.help, labelNames, registers: [registry] };
    const metric = family.type === 'COUNTER' ? new Counter(config) : new Gauge(config);
    for (const sample of family.metrics) {
      const value = Number(sample.value);
      if (sample.value.trim() === '' || !Number.isFinite(value)) {
        throw new Error(`${family.name}: "${sample.value}" is not a sample value`);
      }
      if (metric instanceof Counter) metric.inc(sample.labels ?? {}, value);
      else metric.set(sample.labels ?? {}, value);
    }
  }
  const again = await registry.metrics();
  if (again !== text) {
    throw new Error(`the text does not round-trip through prom-client:\n${again}\n---\n${text}`);
  }
  return families;
}

/** The value of the sample of `name` whose labels include `labels`, or undefined. */
export function sampleValue(
  families: readonly Family[],
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  const sample = families
    .find((f) => f.name === name)
    ?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
  return sample === undefined ? undefined : Number(sample.value);
}
