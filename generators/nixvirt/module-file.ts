import { file, lambda, list, type Expr } from "../../syntax/nix/ast.js";
import { printFile } from "../../syntax/nix/printer.js";
import type { Model } from "../../model/model.js";
import { headerLines } from "../header.js";

/**
 * A `nixvirt/*.nix` file: `{ nixvirt, ... }: [ ... ]`, the list NixVirt's module option takes.
 * Only NixVirt's lib and Nix builtins are used inside, so the file evaluates without nixpkgs.
 */
export const nixvirtListFile = (model: Model, elements: Expr[]): string =>
  printFile(file(headerLines(model), lambda({ params: [{ name: "nixvirt" }], ellipsis: true }, list(elements))));
