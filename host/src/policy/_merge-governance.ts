import { PERMISSION_RISKS, riskRank, strongestIsolation } from '@stack-plugin/pdk';
import type { HostPolicy } from '../config/host-config.js';

type Governance = Pick<
  HostPolicy,
  'mode' | 'plugins' | 'publishers' | 'maxRisk' | 'isolationByRisk'
>;
type NameLists = NonNullable<HostPolicy['plugins']>;
type Risk = (typeof PERMISSION_RISKS)[number];

/**
 * The governance rules of the embedding application's policy (`app`) combined with those of
 * stack.config.json (`file`), stricter winning, as for the other policy fields: `enforce`
 * beats `warn`, deny lists add up, the lower risk cap and the stronger isolation win per key.
 * An allow list cannot be intersected with another as globs, so the application's replaces
 * the file's when both are set: the file can never admit what the application did not.
 */
export function mergeGovernance(app: HostPolicy, file: HostPolicy): Governance {
  const out: Governance = {};
  const modes = [app.mode, file.mode];
  if (modes.includes('enforce')) out.mode = 'enforce';
  else if (modes.includes('warn')) out.mode = 'warn';
  const plugins = mergeLists(app.plugins, file.plugins);
  if (plugins !== undefined) out.plugins = plugins;
  const publishers = mergeLists(app.publishers, file.publishers);
  if (publishers !== undefined) out.publishers = publishers;
  if (app.maxRisk !== undefined || file.maxRisk !== undefined) {
    const perPlugin: Record<string, Risk> = { ...file.maxRisk?.plugins };
    for (const [name, max] of Object.entries(app.maxRisk?.plugins ?? {})) {
      perPlugin[name] = lowerRisk(max, perPlugin[name]) as Risk;
    }
    const fallback = lowerRisk(app.maxRisk?.default, file.maxRisk?.default);
    out.maxRisk = {
      ...(fallback === undefined ? {} : { default: fallback }),
      ...(Object.keys(perPlugin).length === 0 ? {} : { plugins: perPlugin }),
    };
  }
  if (app.isolationByRisk !== undefined || file.isolationByRisk !== undefined) {
    const byRisk: NonNullable<HostPolicy['isolationByRisk']> = {};
    for (const risk of PERMISSION_RISKS) {
      const a = app.isolationByRisk?.[risk];
      const b = file.isolationByRisk?.[risk];
      if (a !== undefined || b !== undefined) byRisk[risk] = strongestIsolation(a, b);
    }
    out.isolationByRisk = byRisk;
  }
  return out;
}

function mergeLists(app?: NameLists, file?: NameLists): NameLists | undefined {
  if (app === undefined || file === undefined) return app ?? file;
  const deny = [...new Set([...(app.deny ?? []), ...(file.deny ?? [])])];
  const allow = app.allow ?? file.allow;
  return { ...(allow === undefined ? {} : { allow }), ...(deny.length === 0 ? {} : { deny }) };
}

function lowerRisk(a?: Risk, b?: Risk): Risk | undefined {
  if (a === undefined || b === undefined) return a ?? b;
  return riskRank(a) <= riskRank(b) ? a : b;
}
