/**
 * SVG files as written: Graphviz's SVG with homelab-gen's header comment. The SVG itself is
 * Graphviz's output; text gets into it only through syntax/dot's escaped labels.
 */
export { svgFile, svgSourceHash } from "./file-header.js";
