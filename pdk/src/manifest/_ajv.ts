import type { Ajv2020, ErrorObject } from 'ajv/dist/2020.js';
import { lazyRequire } from '../_lazy-require.js';

type FormatsPlugin = (ajv: Ajv2020) => unknown;
const loadAjv = lazyRequire<typeof import('ajv/dist/2020.js')>('ajv/dist/2020.js');
// ajv-formats is CommonJS with `exports.default`.
const loadFormats = lazyRequire<{ default: FormatsPlugin }>('ajv-formats');

function createAjv(options: ConstructorParameters<typeof Ajv2020>[0]): Ajv2020 {
  const ajv = new (loadAjv().Ajv2020)(options);
  loadFormats().default(ajv);
  return ajv;
}

/** Instance for the manifest itself: strict checks off because it is our own schema. */
export function createManifestAjv(): Ajv2020 {
  return createAjv({ allErrors: true, strict: false, verbose: true });
}

let pluginAjv: Ajv2020 | undefined;

/**
 * The shared instance for schemas written by plugin authors. Not strict: unknown keywords and
 * formats are reported by our own checks, as warnings with a precise path.
 */
export function getPluginSchemaAjv(): Ajv2020 {
  if (pluginAjv === undefined) {
    pluginAjv = createAjv({ allErrors: true, strict: false, logger: false });
  }
  return pluginAjv;
}

/** One line per failing location: wrapper errors (anyOf) dropped when a detail exists. */
export function summarizeAjvErrors(
  errors: readonly ErrorObject[] | null | undefined,
): Array<{ instancePath: string; message: string }> {
  const byPath = new Map<string, ErrorObject[]>();
  for (const error of errors ?? []) {
    const list = byPath.get(error.instancePath) ?? [];
    list.push(error);
    byPath.set(error.instancePath, list);
  }
  const out: Array<{ instancePath: string; message: string }> = [];
  for (const [instancePath, list] of byPath) {
    const specific = list.filter((e) => e.keyword !== 'anyOf' && e.keyword !== 'oneOf');
    const error = (specific[0] ?? list[0]) as ErrorObject;
    out.push({ instancePath, message: describeAjvError(error) });
  }
  return out;
}

/** A readable sentence for one ajv error. */
export function describeAjvError(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'enum' && Array.isArray(params.allowedValues)) {
    return `must be one of ${params.allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  }
  return error.message ?? `fails "${error.keyword}"`;
}
