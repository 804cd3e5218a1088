import type { ModelImage, ModelImageUser } from "../../model/image.js";
import type { Model } from "../../model/model.js";
import { app, attrs, bool, file, fromJson, id, int, lambda, list, sel, str, type Expr, type JsonLike } from "../../syntax/nix/ast.js";
import { printFile } from "../../syntax/nix/printer.js";
import { headerLines } from "../header.js";
import { shellQuote } from "../../syntax/shell/quote.js";

const pkgs = id("pkgs");
const dockerTools = (name: string): Expr => sel(pkgs, "dockerTools", name);

/** The path of the entrypoint script inside the image. */
const entrypointPath = (image: ModelImage): string => `/bin/${image.name}-entrypoint`;

/** A store name for a file of the image: `<image>-<basename>` with only characters Nix allows. */
const storeName = (image: ModelImage, path: string): string => `${image.name}-${path.split("/").pop()!.replace(/[^A-Za-z0-9+._?=-]/g, "-")}`;

/** `fakeNss` with the image's users (and a group per user) after root and nobody. */
function fakeNss(users: readonly ModelImageUser[]): Expr {
  if (users.length === 0) return dockerTools("fakeNss");
  return app(
    sel(pkgs, "dockerTools", "fakeNss", "override"),
    attrs({
      extraPasswdLines: list(users.map((u) => str(`${u.name}:x:${u.uid}:${u.gid}:${u.name}:${u.home}:${u.shell}`))),
      extraGroupLines: list(users.map((u) => str(`${u.name}:x:${u.gid}:`))),
    }),
  );
}

/** Everything copied into the image: packages, dockerTools helpers, the entrypoint, extra files. */
function contents(image: ModelImage): Expr[] {
  return [
    ...image.packages.map((p) => sel(pkgs, ...p.split("."))),
    ...(image.fakeNss ? [fakeNss(image.fakeNss)] : []),
    ...(image.caCertificates ? [dockerTools("caCertificates")] : []),
    ...(image.binSh ? [dockerTools("binSh")] : []),
    ...(image.usrBinEnv ? [dockerTools("usrBinEnv")] : []),
    ...(image.entrypointScript === undefined ? [] : [app(sel(pkgs, "writeShellScriptBin"), str(`${image.name}-entrypoint`), str(image.entrypointScript))]),
    ...image.files.map((f) =>
      app(sel(pkgs, "writeTextFile"), attrs({ name: str(storeName(image, f.path)), destination: str(f.path), text: str(f.text), executable: bool(f.executable) })),
    ),
  ];
}

/** Run as fake root while the image is assembled: `/tmp`, and users' home directories owned by them. */
function fakeRootCommands(image: ModelImage): string {
  const lines = image.tmp ? ["mkdir -p -m 1777 ./tmp"] : [];
  for (const u of image.fakeNss ?? []) {
    lines.push(`mkdir -p ${shellQuote(`.${u.home}`)}`, `chown ${u.uid}:${u.gid} ${shellQuote(`.${u.home}`)}`);
  }
  return lines.map((l) => `${l}\n`).join("");
}

/** The OCI config; unset fields are left out. */
function config(image: ModelImage): JsonLike {
  const set = (o: Readonly<Record<string, unknown>>) => (Object.keys(o).length > 0 ? o : undefined);
  const empty = (keys: readonly string[]) => set(Object.fromEntries(keys.map((k) => [k, {}])));
  return {
    Entrypoint: image.entrypointScript === undefined ? image.entrypoint : [entrypointPath(image)],
    Cmd: image.cmd,
    Env: Object.keys(image.env).length > 0 ? Object.entries(image.env).map(([k, v]) => `${k}=${v}`) : undefined,
    ExposedPorts: empty(image.exposedPorts),
    User: image.user,
    WorkingDir: image.workingDir,
    Volumes: empty(image.volumes),
    Labels: set(image.labels),
  } as JsonLike;
}

/**
 * The arguments of `dockerTools.buildLayeredImage` (and `streamLayeredImage`, which takes the same). Always tagged (a missing tag would be the
 * content hash); `created` keeps dockerTools' fixed epoch so the archive is reproducible.
 */
function buildArgs(image: ModelImage): Expr {
  const commands = fakeRootCommands(image);
  return attrs({
    name: str(image.name),
    tag: str(image.tag),
    contents: list(contents(image)),
    fakeRootCommands: commands === "" ? undefined : str(commands),
    maxLayers: int(image.maxLayers),
    config: fromJson(config(image)),
  });
}

/** `containers/<name>.nix`: `{ pkgs, ... }: pkgs.dockerTools.buildLayeredImage { ... }` (or `streamLayeredImage`). */
export const imageFile = (model: Model, image: ModelImage, portable: boolean): string =>
  printFile(
    file(
      headerLines(model, { portable }),
      lambda({ params: [{ name: "pkgs" }], ellipsis: true }, app(dockerTools(image.stream ? "streamLayeredImage" : "buildLayeredImage"), buildArgs(image))),
    ),
  );
