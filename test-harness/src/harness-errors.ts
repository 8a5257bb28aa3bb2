import { defineErrors } from '@stack-plugin/pdk';

/**
 * The test harness's own error codes: calls the in-memory services cannot answer and the
 * end-of-test check. Codes are permanent; keep them sorted.
 */
export const harnessErrors = defineErrors({
  TEST_EXEC_NOT_FAKED: {
    title: 'Program has no fake in the test host',
    message: (a: { command: string }) =>
      `The plugin ran "${a.command}", but the test host has no fake for it, so nothing was run.`,
    hint: (a) =>
      `Add a fake: createTestHost({ exec: { '${a.command}': (args) => ({ stdout: '' }) } }), or stop the plugin from running it.`,
  },
  TEST_NET_NO_ROUTE: {
    title: 'Request has no route in the test host',
    message: (a: { method: string; url: string; permission?: string }) =>
      `${a.method} ${a.url} has no route in the test host, so it was not answered${a.permission === undefined ? '' : ` (the plugin may reach it through "${a.permission}")`}.`,
    hint: (a) =>
      `Add a route: createTestHost({ net: { routes: { '${a.method} ${a.url}': { status: 200, body: '' } } } }).`,
  },
  TEST_POSTGRES_NOT_INSTALLED: {
    title: 'PostgreSQL server binaries not found',
    message: (a: { searched: string }) =>
      `A PostgreSQL server could not be started: initdb is neither under ${a.searched} nor on the PATH.`,
    hint: 'Install the server (Debian and Ubuntu: apt-get install postgresql), or pass startPostgres({ bin }) the folder of initdb, pg_ctl and createdb.',
  },
  TEST_SCHEMA_NOT_GENERATABLE: {
    title: 'No values can be generated from a JSON Schema',
    message: (a: { keyword: string; schemaPath: string; detail?: string }) =>
      `No value could be generated for the JSON Schema at ${a.schemaPath}: ${a.detail ?? 'generated values kept failing validation'} (keyword "${a.keyword}").`,
    hint: (a) =>
      `Check that "${a.keyword}" at ${a.schemaPath} can be satisfied together with the keywords beside it; if it can, give the values yourself (for example with fc.constantFrom) instead of arbitraryFromSchema.`,
  },
  TEST_UNEXPECTED_CALLS: {
    title: 'Unexpected capability calls in a test',
    message: (a: { count: number; detail: string }) =>
      `The test host saw ${a.count} unexpected call(s): ${a.detail}.`,
    hint: 'Add the missing routes or exec fakes, declare the permission the plugin really needs, or expect the denial with `expect(host).toHaveBeenDeniedPermission(...)`.',
  },
});
