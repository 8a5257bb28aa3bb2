import { defineStackProject } from '../vitest.shared.ts';

/** Tests that compare latencies of one process under two loads it makes itself. */
export const SOAK_TESTS = ['test/sandbox/soak.test.ts'];

/**
 * The soak test compares the sibling's round trips while a plugin floods the host with its
 * round trips while it does not. Run beside the suite's other files, whichever of them happen
 * to start or stop between its quiet and flooded phases decides the comparison; so it runs
 * last, alone (`groupOrder` 1: after every project of group 0). Its bound is unchanged.
 */
const project = defineStackProject('host-soak', { test: { sequence: { groupOrder: 1 } } });
// Replaced, not merged: mergeConfig would add these to the shared include list.
project.test = { ...project.test, include: SOAK_TESTS };
export default project;
