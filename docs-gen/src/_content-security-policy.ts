import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

// Inline scripts the theme writes (typedoc's theme switch), by content; anything else inline
// has no hash in the policy and does not run.
const INLINE_SCRIPT = /<script>([\s\S]*?)<\/script>/g;

/**
 * The policy of every generated page: scripts and styles only from the site itself (plus the
 * theme's own inline scripts by hash), no plugins, frames, forms or base URL changes, images
 * from the site or data URLs. A page that somehow carries plugin-written markup still runs no
 * script of it: no inline handlers, no `javascript:` URLs, no foreign script.
 */
export function contentSecurityPolicy(inlineScripts: readonly string[]): string {
  const hashes = [...new Set(inlineScripts)].map(
    (code) => `'sha256-${createHash('sha256').update(code).digest('base64')}'`,
  );
  return [
    "default-src 'none'",
    `script-src 'self' ${hashes.join(' ')}`.trim(),
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}

/**
 * Put a Content-Security-Policy `<meta>` first in the `<head>` of every HTML page under
 * `dir`, hashing the page's own inline scripts. A meta policy (not a header) because the site
 * is static and served by whatever the plugin author uses.
 */
export async function addContentSecurityPolicy(dir: string): Promise<void> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  await Promise.all(
    entries
      .filter((e) => e.isFile() && e.name.endsWith('.html'))
      .map(async (e) => {
        const file = join(e.parentPath, e.name);
        const html = await readFile(file, 'utf8');
        if (html.includes('http-equiv="Content-Security-Policy"')) return;
        const scripts = [...html.matchAll(INLINE_SCRIPT)].map((m) => m[1] ?? '');
        const meta = `<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(scripts)}">`;
        await writeFile(file, html.replace(/<head>/i, `<head>${meta}`));
      }),
  );
}
