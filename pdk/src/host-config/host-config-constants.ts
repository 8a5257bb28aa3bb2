/** Name of the host config file, looked up in a host's root folder. */
export const HOST_CONFIG_FILE = 'stack.config.json';

/**
 * The `$schema` that tools write into a `stack.config.json` they create at a project's root:
 * the schema file shipped in the installed pdk, which editors resolve offline.
 */
export const HOST_CONFIG_SCHEMA_URL =
  './node_modules/@stack-plugin/pdk/schema/stack-config.schema.json';

/** `$id` of the published host config schema: a stable name, independent of where it is served. */
export const HOST_CONFIG_SCHEMA_ID = 'urn:stack-plugin:schema:host-config:1';
