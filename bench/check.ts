import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { coldMs, ROOT, type Row } from "./measure.js";

/**
 * A cold `check examples/sccm.ts` against `node -e 0` and against `tsc --noEmit` with the same
 * compiler options on the same file (written to a tsconfig in `tmp`). The first check run builds
 * the type-check snapshot in the cache folder, as a user's first check does; the first check on a
 * machine, with an empty cache folder each run, is measured on its own.
 */
export function checkRows(nodeMs: number, tmp: string): Row[] {
  const tsconfig = join(tmp, "tsconfig.json");
  writeFileSync(
    tsconfig,
    JSON.stringify({
      compilerOptions: {
        strict: true, noEmit: true, target: "ES2022", module: "ESNext", moduleResolution: "Bundler", allowImportingTsExtensions: true,
        skipLibCheck: true, lib: ["ES2023"], types: [], paths: { "homelab-gen": [join(ROOT, "dist/dsl/index.d.ts")] },
      },
      files: [join(ROOT, "examples/sccm.ts")],
    }),
  );
  const check = coldMs([join(ROOT, "dist/homelab-gen.mjs"), "check", "examples/sccm.ts"], 7);
  const tsc = coldMs([join(ROOT, "node_modules/typescript/bin/tsc"), "-p", tsconfig], 7);
  const first = coldMs([join(ROOT, "dist/homelab-gen.mjs"), "check", "examples/sccm.ts"], 3, (run) => ({ XDG_CACHE_HOME: join(tmp, `first-check-cache-${run}`) }));
  return [
    ["cold `homelab-gen check examples/sccm.ts` / `node -e 0`", `${(check / nodeMs).toFixed(2)}x`, `${check.toFixed(0)} ms / ${nodeMs.toFixed(0)} ms`, "<= 15"],
    ["cold `check` / `tsc --noEmit` of the same file", `${(check / tsc).toFixed(2)}x`, `${check.toFixed(0)} ms / ${tsc.toFixed(0)} ms`, "<= 1"],
    ["first `check` on a machine (builds the type-check snapshot) / `tsc --noEmit`", `${(first / tsc).toFixed(2)}x`, `${first.toFixed(0)} ms / ${tsc.toFixed(0)} ms`, "<= 4"],
  ];
}
