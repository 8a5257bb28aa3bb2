import { fileURLToPath } from 'node:url';
import { securitySuite } from '@stack-plugin/test-harness';
import { NOTES_FOLDER } from './_notes-cases.js';

// One test per check: activation (migrations included), fuzzing every contribution from its
// input schema against the real database engine, hostile payloads (SQL and path traversal
// among them), timeouts, undeclared capability use (reads outside notes/, other databases)
// and the permissions declared against those used. The declared-isolation check needs the
// plugin built into one bundle (`stack-plugin build`); in this workspace tests run from
// sources, so it is left to the plugin's own CI (`npm run build && npm test` in a published
// plugin), as in the other examples.
securitySuite(fileURLToPath(new URL('..', import.meta.url)), {
  isolation: false,
  files: NOTES_FOLDER,
});
