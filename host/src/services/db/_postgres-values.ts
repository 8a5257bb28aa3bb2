import { createHash } from 'node:crypto';
import { createError, isStackPluginError, pdkErrors } from '@stack-plugin/pdk';
import pg from 'pg';
import { hostErrors } from '../../host-errors.js';
import type { DbRow } from './db-service.js';

// The PostgreSQL engine's conversions: names, values and errors (postgres-db-service.ts).

export const ENGINE = 'postgresql';

// int8 (count(*), bigserial) as a number when it is exact, as SQLite returns it; otherwise
// the text pg gives, since a rounded id would silently name another row.
const INT8 = 20;
export const types = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === INT8
      ? (text: string) => {
          const n = Number(text);
          return Number.isSafeInteger(n) ? n : text;
        }
      : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

/**
 * A role and schema name for one plugin database: readable, unique by hash, within 63 bytes.
 * Roles belong to the whole server, so the hash covers the server database too.
 */
export function roleName(server: string, plugin: string, database: string): string {
  const slug = `${plugin}_${database || 'default'}`.toLowerCase().replace(/[^a-z0-9]+/g, '_');
  const hash = createHash('sha256')
    .update(`${server}\0${plugin}\0${database}`)
    .digest('hex')
    .slice(0, 10);
  return `stack_${slug.slice(0, 40)}_${hash}`;
}

// Buffers cross to sandboxes as Uint8Array anyway; every level gets the same type.
export function plainRow(row: Record<string, unknown>): DbRow {
  const out: DbRow = {};
  for (const [key, value] of Object.entries(row))
    out[key] = Buffer.isBuffer(value) ? new Uint8Array(value) : value;
  return out;
}

export function ignoreDuplicate(error: unknown): void {
  const code = (error as { code?: string }).code;
  // A concurrent host created it first: 42710 duplicate_object, 42P06 duplicate_schema.
  if (code !== '42710' && code !== '42P06' && code !== '23505') throw error;
}

export function configError(error: unknown) {
  if (isStackPluginError(error)) return error;
  return createError(
    hostErrors.DB_CONFIG_INVALID,
    { detail: (error as Error).message },
    { cause: error },
  );
}

export function toDbError(error: unknown) {
  if (isStackPluginError(error)) return error;
  const { code, message } = error as { code?: string; message?: string };
  // 42501 insufficient_privilege: another plugin's schema, or something only the host may do.
  if (code === '42501') {
    return createError(
      pdkErrors.DB_STATEMENT_REFUSED,
      { detail: `${message} (outside what a plugin's own database allows)` },
      { cause: error },
    );
  }
  return createError(
    pdkErrors.DB_QUERY_FAILED,
    { engine: ENGINE, detail: String(message ?? error) },
    { cause: error },
  );
}

/** `url` (postgres://...) connecting as `role` with `password` instead of its own user. */
export function asRole(url: string, role: string, password: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (error) {
    throw configError(error);
  }
  parsed.username = role;
  parsed.password = password;
  return parsed.toString();
}
