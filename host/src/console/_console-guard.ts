import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { classifyAddress } from '../services/address-policy.js';

/** The header scripts send the console's token in (the page uses its cookie). */
export const TOKEN_HEADER = 'x-stack-console-token';

/** A new console token: 32 random bytes, base64url (43 characters). */
export function createConsoleToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Whether `given` is the token, in time independent of where they differ: both are hashed
 * first, so `timingSafeEqual` compares equal lengths and a wrong length reveals nothing either.
 */
export function tokenMatches(token: string, given: string | undefined): boolean {
  if (given === undefined) return false;
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(token), digest(given));
}

/** The cookie holding the token; named after the port, as cookies are shared across ports. */
export function cookieName(req: IncomingMessage): string {
  return `stack-console-${req.socket.localPort ?? 0}`;
}

/** The token a request carries: its header, else its cookie. */
export function requestToken(req: IncomingMessage): string | undefined {
  const header = req.headers[TOKEN_HEADER];
  if (typeof header === 'string') return header;
  const name = `${cookieName(req)}=`;
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const crumb = part.trim();
    if (crumb.startsWith(name)) return crumb.slice(name.length);
  }
  return undefined;
}

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Why a request must be refused before its token is even looked at, or undefined:
 * - it came from another machine (the console answers loopback connections only);
 * - its Host header names something else than a loopback name with the port it reached
 *   (DNS rebinding: a page of evil.example whose name now resolves to 127.0.0.1);
 * - its Origin (or `Sec-Fetch-Site`) says a page of another origin sent it (CSRF).
 * A state-changing request authenticated by its cookie must carry its Origin: browsers add it
 * to every POST, so one without it did not come from the console's page.
 */
export function foreignRequest(req: IncomingMessage, mutation: boolean): string | undefined {
  const remote = req.socket.remoteAddress ?? '';
  if (classifyAddress(remote) !== 'loopback') {
    return `the connection came from ${remote || 'an unknown address'}, not from this machine`;
  }
  const host = req.headers.host ?? '';
  const port = String(req.socket.localPort ?? '');
  const colon = host.lastIndexOf(':');
  const name = colon === -1 ? host : host.slice(0, colon);
  if (!LOOPBACK_NAMES.has(name.toLowerCase()) || host.slice(colon + 1) !== port) {
    return `its Host header "${host.slice(0, 100)}" is not this console's loopback address`;
  }
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://${host}`) {
    return `it came from a page of ${origin.slice(0, 100)}, not from the console`;
  }
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    return `the browser marked it ${site}`;
  }
  if (mutation && origin === undefined && typeof req.headers[TOKEN_HEADER] !== 'string') {
    return 'a change sent with the cookie must carry the Origin header of the console page';
  }
  return undefined;
}
