import type { CapabilityHandler } from '../executor/plugin-executor.js';

/**
 * `events.emit` given its topic and payload: exactly
 * `handler({ capability: 'events', method: 'emit', args: [topic, payload] })`.
 */
export type EmitLane = (topic: unknown, payload: unknown) => Promise<unknown>;

// Kept beside the handlers rather than on them: the lane is the host's own shortcut, not part
// of the executor seam. A handler that wraps another (the test harness records every call)
// has no lane of its own, so every emit through it goes through the function.
const lanes = new WeakMap<CapabilityHandler, EmitLane>();

/**
 * Records that `handler` answers `events.emit` also through `lane`, the call a plugin makes
 * thousands of times a second, without a call object to build and dispatch. Returns `handler`.
 */
export function withEmitLane<H extends CapabilityHandler>(handler: H, lane: EmitLane): H {
  lanes.set(handler, lane);
  return handler;
}

/** The lane {@link withEmitLane} recorded for `handler`, if any. */
export function emitLaneOf(handler: CapabilityHandler): EmitLane | undefined {
  return lanes.get(handler);
}
