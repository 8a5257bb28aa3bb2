import { fileURLToPath } from 'node:url';
import { securitySuite } from '@stack-plugin/test-harness';

// One test per check: activation, fuzzing every contribution from its input schema, hostile
// payloads, timeouts, undeclared capability use, secret leaks, declared isolation, and the
// permissions declared against those used.
securitySuite(fileURLToPath(new URL('..', import.meta.url)));
