import { expect } from "vitest";

/** An expected failure's stderr: a message, never a stack trace or a line of the minified bundle. */
export function expectNoTrace(stderr: string): void {
  expect(stderr).not.toMatch(/^\s+at .+[:(]/m);
  expect(stderr).not.toMatch(/homelab-gen\.mjs:\d+/);
  expect(stderr.split("\n").every((line) => line.length < 400)).toBe(true);
}
