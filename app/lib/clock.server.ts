import { singleton } from "./singleton.server";

/**
 * The current time for expiry decisions (sessions, links, throttling). Tests move it forward to check
 * idle and absolute expiry without waiting; everything else uses the real clock.
 */
const state = singleton("clock", () => ({ offsetMs: 0 }));

export function now(): Date {
  return new Date(Date.now() + state.offsetMs);
}

export function advanceClockForTests(ms: number): void {
  state.offsetMs += ms;
}

export function resetClockForTests(): void {
  state.offsetMs = 0;
}
