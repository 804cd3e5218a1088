/**
 * The zod the model's schemas are written with: `zod/mini`, whose functions tree-shake, unlike
 * classic zod's methods and its bundled locales (most of the CLI bundle, and of its start-up).
 * Mini has no messages of its own: without a locale every built-in issue reads "Invalid input".
 * English, the locale classic zod installs, is configured here, where every schema file imports
 * zod from, so no schema can parse before it. Import it as a namespace (`import * as z`) and
 * never re-export that object: the bundler keeps only the functions named on it.
 * (Classic zod also installs a memoizer; it only acts on recursive schemas, and the model has none.)
 */
import { config } from "zod/mini";
import en from "zod/v4/locales/en.js";

config(en());

export * from "zod/mini";
