/** Turning a diagram's DOT source into pictures: SVG through Graphviz (wasm), PNG through resvg. Both load lazily. */
export { graphvizVersion, layoutSvg } from "./graphviz.js";
export { rasterize } from "./png.js";
