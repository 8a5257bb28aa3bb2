import { describePermission, isolationRank } from '@stack-plugin/pdk';
import type { ApiChange } from './bump.js';

type Json = { readonly [k: string]: unknown };
const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

function diffPermissions(before: Json, after: Json): ApiChange[] {
  const old = new Set(strings(before.permissions));
  const now = new Set(strings(after.permissions));
  const changes: ApiChange[] = [];
  for (const p of now) {
    if (old.has(p)) continue;
    const { risk, summary } = describePermission(p);
    // Hosts must grant it before upgrading, and users should know: never a patch.
    changes.push({
      source: 'manifest',
      bump: 'minor',
      description: `new permission ${p} (risk ${risk}): ${summary}`,
      security: true,
    });
  }
  for (const p of old) {
    if (!now.has(p))
      changes.push({ source: 'manifest', bump: 'patch', description: `dropped permission ${p}` });
  }
  return changes;
}

function diffSchemaObject(label: string, before: unknown, after: unknown): ApiChange[] {
  if (same(before, after)) return [];
  if (!isObject(after)) {
    return [{ source: 'manifest', bump: 'major', description: `removed ${label} schema` }];
  }
  const added = !isObject(before);
  const old: Json = isObject(before) ? before : {};
  const oldProps = isObject(old.properties) ? old.properties : {};
  const newProps = isObject(after.properties) ? after.properties : {};
  const oldRequired = new Set(strings(old.required));
  const newRequired = new Set(strings(after.required));
  const changes: ApiChange[] = [];
  for (const key of Object.keys(oldProps)) {
    if (!(key in newProps)) {
      changes.push({
        source: 'manifest',
        bump: 'major',
        description: `removed ${label} property ${key}`,
      });
    } else if (!same(oldProps[key], newProps[key])) {
      changes.push({
        source: 'manifest',
        bump: 'major',
        description: `changed ${label} property ${key}`,
      });
    }
  }
  for (const key of Object.keys(newProps)) {
    if (key in oldProps) continue;
    const required = newRequired.has(key);
    changes.push({
      source: 'manifest',
      bump: required ? 'major' : 'minor',
      description: `added ${required ? 'required' : 'optional'} ${label} property ${key}`,
    });
  }
  for (const key of newRequired) {
    if (!oldRequired.has(key) && key in oldProps) {
      changes.push({
        source: 'manifest',
        bump: 'major',
        description: `made ${label} property ${key} required`,
      });
    }
  }
  // Anything else (type, additionalProperties, a non-object schema) cannot be judged safely.
  const rest = (s: Json) => JSON.stringify({ ...s, properties: undefined, required: undefined });
  if (!added && rest(old) !== rest(after)) {
    changes.push({ source: 'manifest', bump: 'major', description: `changed ${label} schema` });
  }
  if (added && changes.length === 0) {
    changes.push({ source: 'manifest', bump: 'minor', description: `added ${label} schema` });
  }
  return changes;
}

function diffContributions(before: Json, after: Json): ApiChange[] {
  const oldC = isObject(before.contributes) ? before.contributes : {};
  const newC = isObject(after.contributes) ? after.contributes : {};
  const changes: ApiChange[] = [];
  const byId = (list: unknown) =>
    new Map(
      (Array.isArray(list) ? list : []).filter(isObject).map((e) => [String(e.id), e] as const),
    );
  for (const kind of new Set([...Object.keys(oldC), ...Object.keys(newC)])) {
    const old = byId(oldC[kind]);
    const now = byId(newC[kind]);
    for (const [id, entry] of old) {
      const next = now.get(id);
      if (!next) {
        changes.push({ source: 'manifest', bump: 'major', description: `removed ${kind} ${id}` });
        continue;
      }
      for (const field of ['input', 'output', 'config', 'payload']) {
        changes.push(...diffSchemaObject(`${kind} ${id} ${field}`, entry[field], next[field]));
      }
      const meta = (e: Json) =>
        JSON.stringify({ ...e, input: 0, output: 0, config: 0, payload: 0 });
      if (meta(entry) !== meta(next)) {
        changes.push({
          source: 'manifest',
          bump: 'patch',
          description: `changed the description of ${kind} ${id}`,
        });
      }
    }
    for (const id of now.keys()) {
      if (!old.has(id))
        changes.push({ source: 'manifest', bump: 'minor', description: `added ${kind} ${id}` });
    }
  }
  return changes;
}

function diffRequires(before: Json, after: Json): ApiChange[] {
  const old = isObject(before.requires) ? before.requires : {};
  const now = isObject(after.requires) ? after.requires : {};
  const changes: ApiChange[] = [];
  for (const [name, range] of Object.entries(now)) {
    if (!(name in old))
      changes.push({
        source: 'manifest',
        bump: 'major',
        description: `now requires plugin ${name} ${String(range)}`,
      });
    else if (old[name] !== range) {
      changes.push({
        source: 'manifest',
        bump: 'major',
        description: `requires ${name} ${String(range)} instead of ${String(old[name])}`,
      });
    }
  }
  for (const name of Object.keys(old)) {
    if (!(name in now))
      changes.push({
        source: 'manifest',
        bump: 'minor',
        description: `no longer requires plugin ${name}`,
      });
  }
  return changes;
}

/**
 * Classifies manifest differences the way users feel them: a new permission is at least minor
 * and flagged security-relevant; a removed contribution, a new required configuration value, a
 * new host range or a stricter isolation floor breaks existing setups (major).
 */
export function diffManifests(before: Json | undefined, after: Json | undefined): ApiChange[] {
  if (!before || !after) return [];
  const changes = [
    ...diffPermissions(before, after),
    ...diffContributions(before, after),
    ...diffSchemaObject('configuration', before.config, after.config),
    ...diffRequires(before, after),
  ];
  if (before.host !== after.host) {
    changes.push({
      source: 'manifest',
      bump: 'major',
      description: `host API range changed from ${String(before.host)} to ${String(after.host)}`,
    });
  }
  const oldIso = isolationRank(String(before.isolation ?? 'none'));
  const newIso = isolationRank(String(after.isolation ?? 'none'));
  if (newIso > oldIso) {
    changes.push({
      source: 'manifest',
      bump: 'major',
      description: `needs isolation ${String(after.isolation)} (was ${String(before.isolation ?? 'none')})`,
    });
  } else if (newIso < oldIso) {
    changes.push({
      source: 'manifest',
      bump: 'minor',
      description: `accepts weaker isolation ${String(after.isolation ?? 'none')} (was ${String(before.isolation)})`,
      security: true,
    });
  }
  for (const field of ['limits', 'category', 'main']) {
    if (!same(before[field], after[field])) {
      changes.push({ source: 'manifest', bump: 'patch', description: `changed ${field}` });
    }
  }
  return changes;
}
