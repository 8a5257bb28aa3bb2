import { isHostPermission } from '../capabilities/host-capabilities.js';
import { describePermission } from '../permissions/describe-permission.js';
import { tryParsePermission } from '../permissions/parse-permission.js';
import { type FixAction, type IssueCollector, isRecord, show } from './_issue-collector.js';

const MANIFEST = 'stack-plugin.json';

/** Rewrites the list in normal spelling without duplicates; invalid entries stay for a human. */
const normalizeList: FixAction = {
  key: 'permissions',
  file: MANIFEST,
  apply(doc) {
    if (!Array.isArray(doc.permissions)) return;
    const out: unknown[] = [];
    for (const raw of doc.permissions) {
      const parsed = tryParsePermission(raw);
      const value = parsed.ok ? parsed.normalized : raw;
      if (!out.includes(value)) out.push(value);
    }
    doc.permissions = out;
  },
};

/** Checks of the `permissions` list: validity, spelling, duplicates and risk. */
export function checkPermissions(c: IssueCollector, manifest: Record<string, unknown>): void {
  const { permissions } = manifest;
  if (!Array.isArray(permissions)) return;
  const isolation = isRecord(manifest) ? (manifest.isolation ?? 'none') : 'none';
  const seen = new Map<string, number>();
  permissions.forEach((raw, index) => {
    const path = `/permissions/${index}`;
    if (typeof raw !== 'string') return; // the manifest schema reports it
    const parsed = tryParsePermission(raw);
    if (!parsed.ok && isHostPermission(raw)) {
      c.add(
        'PERMISSION_HOST_CAPABILITY',
        MANIFEST,
        path,
        `${show(raw)} names a capability defined by a host, not by the kit; a host that does not define "${raw.trim().split(':')[0]}" refuses the plugin (CAPABILITY_UNKNOWN).`,
        "Keep it if the plugin is written for such a host; check the spelling against the host's capability descriptor.",
      );
      return;
    }
    if (!parsed.ok) {
      c.add(
        'PERMISSION_INVALID',
        MANIFEST,
        path,
        `${show(raw)} is not a valid permission: ${parsed.detail}; the host would deny everything it was meant to allow.`,
        'Use fs:read:<glob>, fs:write:<glob>, net:<host>[:<port>], env:<NAME>, secret:<NAME>, exec:<command>, events:emit:<pattern>, events:on:<pattern>, state or state:shared.',
      );
      return;
    }
    const { normalized } = parsed;
    const first = seen.get(normalized);
    if (first !== undefined) {
      c.add(
        'PERMISSION_DUPLICATE',
        MANIFEST,
        path,
        `${show(raw)} repeats /permissions/${first}.`,
        'Remove the repeated entry (stack-plugin validate --fix does it).',
        normalizeList,
      );
      return;
    }
    seen.set(normalized, index);
    if (normalized !== raw) {
      c.add(
        'PERMISSION_NOT_NORMALIZED',
        MANIFEST,
        path,
        `${show(raw)} is written differently from its normal spelling "${normalized}"; reviewers and policies compare the normal form.`,
        `Write "${normalized}" (stack-plugin validate --fix does it).`,
        normalizeList,
      );
    }
    const description = describePermission(normalized);
    if (description.warning !== undefined) {
      c.add(
        'PERMISSION_RISKY',
        MANIFEST,
        path,
        `"${normalized}" ${description.warning} (risk: ${description.risk}).`,
        'Grant only what the plugin uses, such as specific folders, hosts or commands; keep it if it is really needed.',
      );
    }
    if (parsed.permission.kind === 'secret' && isolation === 'none') {
      c.add(
        'SECRET_WITHOUT_ISOLATION',
        MANIFEST,
        path,
        `The plugin reads the secret "${parsed.permission.target}" but accepts "isolation": "none", where any code in the host process could read it too.`,
        'Set "isolation" to "limited" or "strict" so the secret stays behind the broker.',
      );
    }
  });
}
