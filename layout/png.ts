/**
 * SVG -> PNG with resvg (@resvg/resvg-js: Rust, prebuilt for Linux, macOS and Windows), imported
 * on first use only. Chosen over driving a browser: `graph --format png` then needs no Chromium on
 * the user's machine, and resvg renders the same SVG to the same pixels given the same fonts.
 */

/** Pixels per SVG user unit: Graphviz sizes in points, 2x keeps 11 pt text sharp. */
const ZOOM = 2;

/**
 * Renders an SVG with the system's fonts on a white background.
 *
 * @example
 * writeFileSync("lab.png", await rasterize(svg));
 */
export async function rasterize(svg: string): Promise<Uint8Array> {
  const { Resvg } = await import("@resvg/resvg-js");
  const resvg = new Resvg(svg, { background: "white", fitTo: { mode: "zoom", value: ZOOM }, font: { loadSystemFonts: true, defaultFontFamily: "Liberation Sans" } });
  return resvg.render().asPng();
}
