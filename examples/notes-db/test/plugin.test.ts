import { describePostgres } from '@stack-plugin/test-harness';
import { notesCases } from './_notes-cases.js';

// The same cases on the harness's in-memory SQLite (the host's default engine) and on a real
// PostgreSQL server started for this file (skipped on a machine without PostgreSQL, but
// failing in CI, which installs it): one plugin, one set of SQL, two engines.
notesCases('sqlite', async () => ({}));

describePostgres('notes-db on a real PostgreSQL server', (server) => {
  notesCases('postgresql', async () => ({ db: { url: await server().createDatabase() } }));
});
