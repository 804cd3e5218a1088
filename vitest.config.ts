import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Every tool the tests run is checked first (test/support/tools.ts); quadlet is fetched when absent.
    globalSetup: ["test/support/preflight.ts"],
    // Real validators (nix, quadlet, virt-xml-validate) are slow to start; two cores only.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});
