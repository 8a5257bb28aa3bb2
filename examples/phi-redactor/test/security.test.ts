import { fileURLToPath } from 'node:url';
import { securitySuite } from '@stack-plugin/test-harness';

// One test per check: activation, fuzzing every contribution from its input schema, hostile
// payloads, timeouts, undeclared capability use, secret leaks and the permissions declared
// against those used. The declared-isolation check needs the plugin built into one bundle
// (`stack-plugin build`); in this workspace tests run from sources, so it is left to the
// plugin's own CI (`npm run build && npm test` in a published plugin).
securitySuite(fileURLToPath(new URL('..', import.meta.url)), { isolation: false });
