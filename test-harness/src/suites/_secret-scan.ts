import { REDACTED } from '@stack-plugin/host/internal';

/** Where a secret value showed up. */
export interface SecretSighting {
  readonly secret: string;
  /** `raw`, `base64`, `base64url`, `hex`, `url-encoded`, `reversed`, or `redacted by the host`. */
  readonly form: string;
  readonly channel: string;
  readonly where: string;
}

/** The forms of a secret a careless or hostile plugin may leak it in. */
export function secretForms(value: string): Array<[form: string, text: string]> {
  const bytes = Buffer.from(value, 'utf8');
  const forms: Array<[string, string]> = [
    ['raw', value],
    ['base64', bytes.toString('base64').replace(/=+$/, '')],
    ['base64url', bytes.toString('base64url')],
    ['hex', bytes.toString('hex')],
    ['reversed', [...value].reverse().join('')],
  ];
  const encoded = encodeURIComponent(value);
  if (encoded !== value) forms.push(['url-encoded', encoded]);
  return forms;
}

/**
 * Finds secret values (in any of {@link secretForms}) in `text`; with `redactedMarker`, also
 * the host's redaction marker, which means the plugin tried to put a secret there.
 */
export function scanText(
  text: string,
  secrets: Readonly<Record<string, string>>,
  channel: string,
  where: string,
  redactedMarker: boolean,
): SecretSighting[] {
  const found: SecretSighting[] = [];
  for (const [secret, value] of Object.entries(secrets)) {
    for (const [form, needle] of secretForms(value)) {
      if (needle.length >= 4 && text.includes(needle)) found.push({ secret, form, channel, where });
    }
  }
  if (redactedMarker && text.includes(REDACTED)) {
    found.push({ secret: '(a secret)', form: 'redacted by the host', channel, where });
  }
  return found;
}

/** Everything an error exposes: message, hint and the whole cause chain. */
export function errorText(error: unknown): string {
  const parts: string[] = [];
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (typeof current === 'object' && current !== null && !seen.has(current)) {
    seen.add(current);
    const e = current as { message?: unknown; hint?: unknown; cause?: unknown };
    if (typeof e.message === 'string') parts.push(e.message);
    if (typeof e.hint === 'string') parts.push(e.hint);
    current = e.cause;
  }
  if (typeof current === 'string') parts.push(current);
  return parts.join('\n');
}

/** JSON text of a value, tolerant of anything. */
export function jsonText(value: unknown): string {
  try {
    return (
      JSON.stringify(value, (_k, v: unknown) =>
        v instanceof Uint8Array ? Buffer.from(v).toString('utf8') : v,
      ) ?? ''
    );
  } catch {
    return String(value);
  }
}
