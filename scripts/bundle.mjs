// Bundles the CLI into one file: a cold start then loads one module instead of hundreds, which is
// most of homelab-gen's start-up time. Heavy, rarely used dependencies stay external and load lazily.
import { chmodSync } from "node:fs";
import { build } from "esbuild";

await build({
  entryPoints: ["cli/main.ts"],
  outfile: "dist/homelab-gen.mjs",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  external: ["ts-morph", "typescript", "execa", "prettier", "@hpcc-js/wasm-graphviz", "@resvg/resvg-js"],
  // A package's ES module build (its "module" field) before its CommonJS one: sucrase's is hoisted
  // into the bundle's scope and tree-shaken instead of run as wrapped CommonJS modules at start-up.
  mainFields: ["module", "main"],
  banner: { js: "#!/usr/bin/env node\nimport { createRequire as __hgCreateRequire } from 'node:module';\nconst require = __hgCreateRequire(import.meta.url);" },
  minify: true,
  logLevel: "warning",
});

// The script of check's type-check snapshot (cli/typecheck-snapshot.ts): Node builds a snapshot
// from one CommonJS file that requires only Node's own modules.
await build({
  entryPoints: ["cli/typecheck-snapshot-entry.ts"],
  outfile: "dist/typecheck-snapshot.cjs",
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  minify: true,
  logLevel: "warning",
});

// npm makes a bin executable only when it links it; a rebuild (npm test) must keep `npx homelab-gen` working.
chmodSync("dist/homelab-gen.mjs", 0o755);
