// Renders the app's PNG icons from the one SVG kept in the repo, assets/icon.svg:
//   icons/icon-192.png, icons/icon-512.png (the icon as drawn), and
//   icons/icon-maskable-512.png (full-bleed background, the mark inside the 80 % safe zone,
//   for launchers that cut icons into circles or squircles).
// Usage: node scripts/icons.mjs          writes them into assets/icons/
//        node scripts/icons.mjs --check  fails unless the committed files are what it makes
// resvg renders the same bytes for the same SVG on every run, so the check is exact.
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { Resvg } from "@resvg/resvg-js";

const root = new URL("..", import.meta.url).pathname;
const svg = readFileSync(join(root, "assets/icon.svg"), "utf8");

// The maskable variant: the icon's background fills the square, and its mark (the path) is
// drawn at 70 % around the centre, well inside the 80 % circle launchers keep.
const fill = svg.match(/<rect[^>]*fill="([^"]+)"/)?.[1];
const mark = svg.match(/<path[^>]*\/>/)?.[0];
if (!fill || !mark) {
  console.error("icons: assets/icon.svg must hold a background <rect fill> and a <path> mark");
  process.exit(1);
}
const maskable = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" fill="${fill}"/><g transform="translate(32 32) scale(0.7) translate(-32 -32)">${mark}</g></svg>`;

const icons = [
  ["icon-192.png", svg, 192],
  ["icon-512.png", svg, 512],
  ["icon-maskable-512.png", maskable, 512],
];

const check = process.argv.includes("--check");
let stale = 0;
for (const [name, source, size] of icons) {
  const png = new Resvg(source, { fitTo: { mode: "width", value: size }, font: { loadSystemFonts: false } }).render().asPng();
  const path = join(root, "assets/icons", name);
  if (check) {
    if (!existsSync(path) || !readFileSync(path).equals(png)) {
      console.error(`icons: ${path} is not what assets/icon.svg renders to; run \`./dev icons\``);
      stale++;
    }
  } else {
    writeFileSync(path, png);
    console.log(`wrote ${path} (${size}x${size}, ${png.length} bytes)`);
  }
}
process.exit(stale ? 1 : 0);
