import * as z from "./zod.js";
import type { SourceLocation } from "../dsl/source.js";
import { isIdentifier } from "../syntax/nix/ast.js";
import { resourceName } from "./common.js";
import { absolutePath, envName, nixText } from "./representable.js";
import { registryReference } from "./registry-reference.js";

/** Docker refuses images of more layers. */
const MAX_LAYERS = 125;

/** A nixpkgs attribute path such as `python3Packages.requests`: identifiers joined by dots. */
const attributePath = z.string().check(
  z.refine((p) => p.split(".").every(isIdentifier), {
    message: "must be a nixpkgs attribute path: names of letters, digits, '_', '-' and \"'\" joined by dots, such as python3Packages.requests",
  }),
);

/** A `/etc/passwd` field: no separator, no line break. */
const passwdField = nixText.check(z.refine((s) => !/[:\n]/.test(s), { message: "must not contain ':' or a line break" }));

const imageUser = z.strictObject({
  name: z.pipe(passwdField, z.string().check(z.regex(/^[a-z_][a-z0-9_-]*$/, "user names are lowercase letters, digits, '_' and '-'"))),
  uid: z.number().check(z.int(), z.gte(0), z.lte(65535)),
  gid: z.optional(z.number().check(z.int(), z.gte(0), z.lte(65535))),
  home: z.optional(z.pipe(passwdField, absolutePath)),
  shell: z.optional(z.pipe(passwdField, absolutePath)),
});

const exposedPort = z.union([
  z.pipe(
    z.number().check(z.int(), z.gte(1), z.lte(65535)),
    z.transform((p) => `${p}/tcp`),
  ),
  z.string().check(
    z.regex(/^\d{1,5}\/(tcp|udp)$/, 'ports are numbers or "<port>/tcp" or "<port>/udp"'),
    z.refine((p) => {
      const port = Number(p.split("/")[0]);
      return port >= 1 && port <= 65535;
    }, "port must be 1 to 65535"),
  ),
]);

/** What the DSL hands over for an image. */
export const imageInput = z
  .strictObject({
    // The name is also the repository part of `localhost/<name>:<tag>`, which must be lowercase.
    name: z.pipe(resourceName, z.string().check(z.regex(/^[a-z0-9][a-z0-9._-]*$/, "image names are lowercase letters, digits, '.', '_' and '-'"))),
    tag: z
      .string({ message: "an image needs a tag (without one dockerTools tags it with its hash, which units cannot name)" })
      .check(z.regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, "tag must be 1-128 letters, digits, '_', '.' or '-', not starting with '.' or '-'")),
    packages: z._default(z.array(attributePath), []),
    files: z._default(z.record(absolutePath, z.union([nixText, z.strictObject({ text: nixText, executable: z._default(z.boolean(), false) })])), {}),
    entrypointScript: z.optional(nixText),
    entrypoint: z.optional(z.array(nixText)),
    cmd: z.optional(z.array(nixText)),
    env: z._default(z.record(envName, nixText), {}),
    exposedPorts: z._default(z.array(exposedPort), []),
    user: z.optional(z.pipe(nixText, z.string().check(z.regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]*(:[A-Za-z0-9_][A-Za-z0-9_.-]*)?$/, 'user is a name or "uid[:gid]"')))),
    workingDir: z.optional(absolutePath),
    volumes: z._default(z.array(absolutePath), []),
    labels: z._default(z.record(nixText, nixText), {}),
    maxLayers: z._default(
      z.number().check(z.int(), z.gte(2, "maxLayers must be at least 2"), z.lte(MAX_LAYERS, `maxLayers must be at most ${MAX_LAYERS} (Docker's limit)`)),
      100,
    ),
    fakeNss: z._default(z.union([z.boolean(), z.strictObject({ users: z.array(imageUser) })]), false),
    caCertificates: z._default(z.boolean(), false),
    binSh: z._default(z.boolean(), false),
    usrBinEnv: z._default(z.boolean(), false),
    tmp: z._default(z.boolean(), true),
    stream: z._default(z.boolean(), false),
    registry: z.optional(registryReference),
  })
  .check(
    z.refine((i) => i.entrypointScript === undefined || i.entrypoint === undefined, {
      message: "give either entrypointScript or entrypoint, not both",
      path: ["entrypoint"],
    }),
  );

/** A user of the image's fake `/etc/passwd`, defaults filled in. */
export interface ModelImageUser {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
  readonly home: string;
  readonly shell: string;
}

/** A Nix-built image, normalized. */
export interface ModelImage {
  readonly name: string;
  readonly tag: string;
  readonly packages: readonly string[];
  readonly files: readonly { readonly path: string; readonly text: string; readonly executable: boolean }[];
  readonly entrypointScript?: string;
  readonly entrypoint?: readonly string[];
  readonly cmd?: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  /** `"8080/tcp"` form. */
  readonly exposedPorts: readonly string[];
  readonly user?: string;
  readonly workingDir?: string;
  readonly volumes: readonly string[];
  readonly labels: Readonly<Record<string, string>>;
  readonly maxLayers: number;
  /** `undefined`: no fakeNss; otherwise the extra users (possibly none). */
  readonly fakeNss?: readonly ModelImageUser[];
  readonly caCertificates: boolean;
  readonly binSh: boolean;
  readonly usrBinEnv: boolean;
  readonly tmp: boolean;
  /** Built with `streamLayeredImage` (a script printing the archive). */
  readonly stream: boolean;
  readonly registry?: string;
  readonly source: SourceLocation;
}

/** Normalize an image: fakeNss users' defaults, files as a list sorted by path. */
export function normalizeImage(input: z.output<typeof imageInput>, source: SourceLocation): ModelImage {
  const users = input.fakeNss === false ? undefined : input.fakeNss === true ? [] : input.fakeNss.users;
  return {
    ...input,
    files: Object.entries(input.files)
      .map(([path, file]) => (typeof file === "string" ? { path, text: file, executable: false } : { path, ...file }))
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
    fakeNss: users?.map((u) => ({ name: u.name, uid: u.uid, gid: u.gid ?? u.uid, home: u.home ?? `/home/${u.name}`, shell: u.shell ?? "/bin/sh" })),
    source,
  };
}

/** How Quadlet and podman name a Nix-built image once loaded: a short name gets `localhost/`. */
export const localImageName = (image: Pick<ModelImage, "name" | "tag">): string => `localhost/${image.name}:${image.tag}`;
