import type { ManifestIssue } from '../manifest/manifest-issue.js';
import { defineErrors, toClause } from './define-errors.js';

/** What an error lists of a host config issue. */
type ConfigIssueLine = { readonly path: string; readonly message: string; readonly hint: string };

/** Each issue is whole sentences already; only a list that ends mid-sentence gets a period. */
const endSentence = (text: string): string => (/[.?!]$/.test(text) ? text : `${text}.`);

/** What an error lists of a manifest issue. */
type IssueLine = Pick<ManifestIssue, 'code' | 'file' | 'path' | 'message'>;

const listIssues = (issues: readonly IssueLine[]): string =>
  issues.map((i) => `${i.code} at ${i.file}#${i.path}: ${toClause(i.message)}`).join('; ');

/**
 * The error codes of the contract itself: manifests, permissions, package integrity and
 * signatures, and the outcomes of capability calls that a plugin sees from `ctx` whichever
 * host serves it (the real one or the test harness). Codes are permanent; keep them sorted.
 */
export const pdkErrors = defineErrors({
  CAPABILITY_TIMEOUT: {
    title: 'Host capability call timed out',
    message: (a: { plugin: string; call: string; timeoutMs: number }) =>
      `The host did not finish ${a.call} for "${a.plugin}" within ${a.timeoutMs} ms, so the call was abandoned.`,
    hint: 'Check the service behind the capability (file system, network, state store); the plugin may retry.',
  },
  DB_QUERY_FAILED: {
    title: 'Database statement failed',
    message: (a: { engine: string; detail: string }) =>
      `The ${a.engine} database refused the statement: ${a.detail}.`,
    hint: 'Check the SQL and its parameters: one statement per call, placeholders $1, $2, ... bound from the params array (null, numbers, strings, booleans, Uint8Array).',
  },
  DB_STATEMENT_REFUSED: {
    title: 'Database statement not allowed',
    message: (a: { detail: string }) => `The statement was refused: ${a.detail}.`,
    hint: "A plugin's database is its own: no ATTACH, transaction control (use ctx.db.transaction(fn)), roles, or reaching other schemas and files.",
  },
  DB_TRANSACTION_UNKNOWN: {
    title: 'Transaction not open',
    message: (a: { transaction: string; database: string; idleMs: number }) =>
      `The transaction "${a.transaction}" is not open on database "${a.database}" (it ended, was abandoned after ${a.idleMs} ms without a statement, or belongs to another database).`,
    hint: 'Use the handle ctx.db.transaction(fn) passes to fn, only while fn runs, and keep the work inside it short.',
  },
  EXEC_FAILED: {
    title: 'Program could not be run',
    message: (a: { command: string; detail: string }) =>
      `Running "${a.command}" failed: ${a.detail}.`,
    hint: 'Check that the program is installed and on the PATH the host passes; programs run without a shell, so pipes and globs do not work.',
  },
  EXEC_OUTPUT_LIMIT: {
    title: 'Program wrote too much output',
    message: (a: { command: string; limit: number; stream: string }) =>
      `"${a.command}" wrote more than ${a.limit} bytes to ${a.stream}, so it was stopped.`,
    hint: 'Make the program print less (or write to a file), or raise the host exec output cap.',
  },
  EXEC_TIMEOUT: {
    title: 'Program timed out',
    message: (a: { command: string; timeoutMs: number }) =>
      `"${a.command}" did not finish within ${a.timeoutMs} ms, so it was killed.`,
    hint: 'Pass a larger timeoutMs (within the plugin limits), or make the program faster.',
  },
  EXEC_UNCONFINED: {
    title: 'Program cannot be confined',
    message: (a: { command: string }) =>
      `"${a.command}" was not run: programs a plugin runs are confined to the workspace with bubblewrap (bwrap), which is not installed on this machine.`,
    hint: 'Install bubblewrap (Debian/Ubuntu: apt-get install bubblewrap). A host embedding the kit on a system without it may pass its own exec service (createNodeExecService with confine: false), knowing that programs then run unconfined.',
  },
  FS_NOT_FOUND: {
    title: 'File not found',
    message: (a: { path: string; operation?: string }) =>
      `"${a.path}" does not exist in the workspace (${a.operation ?? 'access'}).`,
    hint: 'Check the path; paths are relative to the workspace root and use forward slashes.',
  },
  FS_OPERATION_FAILED: {
    title: 'File operation failed',
    message: (a: { path: string; operation?: string; reason: string }) =>
      `${a.operation ?? 'access'} of "${a.path}" failed: ${a.reason}.`,
    hint: 'Check that the path has the expected type (file or folder) and is accessible.',
  },
  FS_PATH_OUTSIDE_ROOT: {
    title: 'Path leaves the workspace',
    message: (a: { path: string; detail?: string }) =>
      `"${a.path}" is outside the workspace root${a.detail === undefined ? '' : ` (${a.detail})`}.`,
    hint: 'Use a relative path inside the workspace; absolute paths, ".." above the root and symbolic links that lead out of it are refused.',
  },
  FS_PATH_RESERVED: {
    title: 'Path is reserved for the host',
    message: (a: { path: string }) =>
      `"${a.path}" holds the host's own state or secrets, which plugins cannot reach through the file system.`,
    hint: 'Use ctx.state for durable plugin data and ctx.secrets for secret values.',
  },
  FS_SYMLINK_REFUSED: {
    title: 'Symbolic link refused',
    message: (a: { path: string; detail?: string }) =>
      `"${a.path}" ${a.detail ?? 'is or passes through a symbolic link'}, so it was not followed.`,
    hint: 'Resolve the path with realpath first (the host broker does); a path that changes between the check and the use is refused.',
  },
  HOST_CONFIG_INVALID: {
    title: 'Host config does not match its schema',
    message: (a: { what: string; issues: readonly ConfigIssueLine[]; schema: string }) =>
      endSentence(
        `${a.what} is not a valid stack.config.json (${a.issues.length} problem${a.issues.length === 1 ? '' : 's'}): ${a.issues.map((i) => `${i.path || '/'}: ${i.message} ${i.hint}`.trimEnd()).join(' ')}`,
      ),
    hint: (a) =>
      `Fix each problem listed (JSON Pointer: what is wrong, what to do). With "$schema": "${a.schema}" in the file, editors check it as you type.`,
  },
  INTEGRITY_FILE_MISSING: {
    title: 'Signed file missing from the package',
    message: (a: { plugin: string; file: string; more?: string }) =>
      `"${a.file}" is listed in the integrity manifest of "${a.plugin}" but is not in the package${a.more ?? ''}, so the package is not the one that was packed.`,
    hint: 'Reinstall the package from its registry; if it still fails, the published package was altered after it was packed.',
  },
  INTEGRITY_MANIFEST_INVALID: {
    title: 'Integrity manifest is invalid',
    message: (a: { plugin?: string; detail: string; file?: string }) =>
      `The integrity manifest ${a.file ?? 'stack-plugin.integrity.json'}${a.plugin === undefined ? '' : ` of "${a.plugin}"`} is invalid: ${a.detail}.`,
    hint: 'Pack the plugin again with `stack-plugin pack` (and sign it with `stack-plugin sign`); never edit the manifest by hand.',
  },
  INTEGRITY_MANIFEST_MISSING: {
    title: 'No integrity manifest',
    message: (a: { plugin: string; where: string }) =>
      `"${a.plugin}" has no stack-plugin.integrity.json in ${a.where}, so its files cannot be checked.`,
    hint: 'Pack the plugin with `stack-plugin pack` and publish that tarball (`npm publish <file>.tgz`).',
  },
  INTEGRITY_MISMATCH: {
    title: 'File does not match its signed hash',
    message: (a: { plugin: string; file: string; more?: string }) =>
      `"${a.file}" of "${a.plugin}" does not match the SHA-256 recorded in its integrity manifest${a.more ?? ''}, so the file was changed after the package was packed.`,
    hint: 'Do not load this copy: reinstall the package from its registry, or pack and sign it again if you changed it on purpose.',
  },
  INTEGRITY_UNEXPECTED_FILE: {
    title: 'File not covered by the integrity manifest',
    message: (a: { plugin: string; file: string; more?: string }) =>
      `"${a.file}" is in the package of "${a.plugin}" but not in its integrity manifest${a.more ?? ''}, so it was added after the package was packed.`,
    hint: 'Do not load this copy: reinstall the package from its registry, or pack and sign it again if the file belongs to it.',
  },
  INTERNAL: {
    title: 'Internal error',
    message: (a: { detail: string }) => `An unexpected internal error occurred: ${a.detail}.`,
    hint: 'This is a bug in Stack PDK; please report it with the command you ran.',
  },
  MANIFEST_INVALID: {
    title: 'Plugin manifest is invalid',
    message: (a: { plugin?: string; detail?: string; issues?: readonly IssueLine[] }) =>
      `The manifest${a.plugin === undefined ? '' : ` of "${a.plugin}"`} is invalid: ${a.detail ?? listIssues(a.issues ?? [])}.`,
    hint: 'Run `stack-plugin validate` in the plugin folder for every issue and a hint for each.',
  },
  MANIFEST_NOT_FOUND: {
    title: 'No plugin manifest',
    message: (a: { dir: string }) => `No stack-plugin.json was found in ${a.dir}.`,
    hint: 'Run the command in a plugin folder, or create a plugin with `npm create stack-plugin`.',
  },
  NET_ADDRESS_BLOCKED: {
    title: 'Network address blocked',
    message: (a: { url: string; address: string; range: string; host: string }) =>
      `${a.url} resolves to ${a.address}, a ${a.range} address, which plugins may not reach unless that host is declared.`,
    hint: (a) =>
      `Declare the exact host (for example "net:${a.host}") in the plugin's permissions if it really must reach it.`,
  },
  NET_FAILED: {
    title: 'Network request failed',
    message: (a: { url: string; detail: string }) => `The request to ${a.url} failed: ${a.detail}.`,
    hint: 'Check that the host is reachable and the URL is right.',
  },
  NET_REDIRECT_LIMIT: {
    title: 'Too many redirects',
    message: (a: { url: string; limit: number }) =>
      `The request to ${a.url} was redirected more than ${a.limit} times.`,
    hint: 'Request the final URL directly.',
  },
  NET_RESPONSE_TOO_LARGE: {
    title: 'Response too large',
    message: (a: { url: string; limit: number }) =>
      `The response from ${a.url} is larger than ${a.limit} bytes.`,
    hint: 'Request less data (paging, ranges), or raise the host response size cap.',
  },
  NET_TIMEOUT: {
    title: 'Network request timed out',
    message: (a: { url: string; timeoutMs: number }) =>
      `The request to ${a.url} did not complete within ${a.timeoutMs} ms.`,
    hint: 'Pass a larger timeoutMs (within the plugin limits), or check that the server responds.',
  },
  NET_URL_INVALID: {
    title: 'URL is invalid',
    message: (a: { url: string; detail: string }) => `"${a.url}" cannot be fetched: ${a.detail}.`,
    hint: 'Use an absolute http: or https: URL.',
  },
  PERMISSION_DENIED: {
    title: 'Permission denied',
    message: (a: { plugin: string; action: string; permission: string }) =>
      `"${a.plugin}" may not ${a.action}: it has not been granted "${a.permission}".`,
    hint: (a) =>
      `Add "${a.permission}" to "permissions" in stack-plugin.json if the plugin really needs it.`,
  },
  PERMISSION_INVALID: {
    title: 'Permission string is invalid',
    message: (a: { permission: string; detail: string }) =>
      `"${a.permission}" is not a valid permission: ${a.detail}.`,
    hint: 'Use one of fs:read:<glob>, fs:write:<glob>, net:<host>[:<port>], env:<NAME>, secret:<NAME>, exec:<command>, events:emit:<pattern>, events:on:<pattern>, state, state:shared.',
  },
  SCHEMA_PATTERN_INPUT_TOO_LONG: {
    title: 'String too long to match against a pattern',
    message: (a: { pattern: string; length: number; limit: number; plugin?: string }) =>
      `A string of ${a.length} characters was to be matched against the pattern "${a.pattern}"${a.plugin === undefined ? '' : ` of "${a.plugin}"`}, but plugin patterns are matched against at most ${a.limit} characters, so the value is refused.`,
    hint: 'Send a shorter value, or give the schema a "maxLength" that fits the pattern; long free text should not need a pattern.',
  },
  SCHEMA_PATTERN_UNSUPPORTED: {
    title: 'Pattern cannot run in linear time',
    message: (a: { pattern: string; detail: string; plugin?: string }) =>
      `The pattern "${a.pattern}"${a.plugin === undefined ? '' : ` of "${a.plugin}"`} is refused: ${a.detail}. Plugin patterns run on a linear-time (RE2) engine so that no input can freeze the host.`,
    hint: 'Rewrite the pattern without backreferences (\\1) or lookaround ((?=, (?!, (?<=, (?<!), and keep repetition counts small; check it with `stack-plugin validate`.',
  },
  SIGNATURE_INVALID: {
    title: 'Signature does not verify',
    message: (a: { plugin: string; key: string }) =>
      `The signature by ${a.key} on "${a.plugin}" does not verify against its integrity manifest, so the manifest or the signature was altered.`,
    hint: 'Do not load this copy: reinstall the package from its registry, or sign it again with `stack-plugin sign --key <private key>`.',
  },
  SIGNATURE_KEY_INVALID: {
    title: 'Signing key is invalid',
    message: (a: { detail: string; what?: string }) =>
      `${a.what ?? 'The key'} is not a usable ed25519 key: ${a.detail}.`,
    hint: 'Use a PEM ed25519 key from `stack-plugin keygen` (private key to sign; public key, or its "ed25519:<base64url>" form, to trust).',
  },
  SIGNATURE_MISSING: {
    title: 'Plugin is not signed',
    message: (a: { plugin: string; detail?: string }) =>
      `"${a.plugin}" is not signed (${a.detail ?? 'its integrity manifest has no signature'}), but the host policy requires signatures.`,
    hint: 'Install a signed release, or have the author run `stack-plugin pack --key <private key>`; to allow unsigned plugins, set "policy.requireSignatures" to false.',
  },
  SIGNATURE_UNTRUSTED: {
    title: 'Signed by an untrusted key',
    message: (a: { plugin: string; keys: string; count: number; key: string }) =>
      `"${a.plugin}" is signed only by ${a.keys}, which is not among the ${a.count} trusted key(s) of the host policy.`,
    hint: (a) =>
      `If you trust the author, add "${a.key}" to "policy.trustedKeys" in stack.config.json (or pass --trusted to \`stack-plugin verify\`).`,
  },
  STATE_VALUE_INVALID: {
    title: 'State value cannot be stored',
    message: (a: { key: string; detail: string }) =>
      `The value for "${a.key}" cannot be stored: ${a.detail}.`,
    hint: 'Store structured-clonable data (no functions, symbols or class instances with private state).',
  },
  VALIDATION_FAILED: {
    title: 'Data failed schema validation',
    /**
     * `expected`: what the value must be instead, when the rule is not a schema the plugin
     * declared (the host's rule for what may cross it, say).
     */
    message: (a: { detail: string; what?: string; expected?: string }) =>
      `${a.what ?? 'The value'} does not match its schema: ${a.detail}.`,
    hint: (a) =>
      a.expected === undefined
        ? 'Send data that matches the schema declared in the plugin manifest.'
        : `Send ${a.expected}.`,
  },
});
