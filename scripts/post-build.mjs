// Trunk's post-build hook: writes the loaders next to the hashed files they load, then runs the
// prerender step, which renders the static site, checks that every page keeps a strict
// Content-Security-Policy, and writes the service worker last (src/bin/prerender.rs).
//
// Trunk hashes the app's file names (earmark-<hash>.js, _bg.wasm, .css), so the loaders are
// written from loader/ with those names filled in: embed.js and embed-frame.js under their
// stable names (promises to host pages), and the page's own loader as page-<hash>.js, so that
// every file index.html loads is named by its content.
// Hooks run in Trunk's staging folder (TRUNK_STAGING_DIR), which Trunk then moves to dist/.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const staging = process.env.TRUNK_STAGING_DIR;
const source = process.env.TRUNK_SOURCE_DIR ?? process.cwd();
if (!staging) {
  console.error("post-build: TRUNK_STAGING_DIR is not set (run through trunk build)");
  process.exit(1);
}

const trunkFiles = readdirSync(staging);
function one(pattern, what) {
  const found = trunkFiles.filter((name) => pattern.test(name));
  if (found.length !== 1) {
    console.error(`post-build: expected one ${what} in ${staging}, found ${JSON.stringify(found)}`);
    process.exit(1);
  }
  return found[0];
}
const names = {
  __EARMARK_JS__: one(/^earmark-[0-9a-f]+\.js$/, "app script"),
  __EARMARK_WASM__: one(/^earmark-[0-9a-f]+_bg\.wasm$/, "wasm module"),
  __EARMARK_CSS__: one(/^earmark-[0-9a-f]+\.css$/, "stylesheet"),
};

function loader(name) {
  let text = readFileSync(join(source, "loader", name), "utf8");
  for (const [placeholder, file] of Object.entries(names)) text = text.replaceAll(placeholder, file);
  return text;
}
for (const name of ["embed.js", "embed-frame.js"]) writeFileSync(join(staging, name), loader(name));
const page = loader("page.js");
const pageName = `page-${createHash("sha256").update(page).digest("hex").slice(0, 16)}.js`;
writeFileSync(join(staging, pageName), page);
let html = readFileSync(join(staging, "index.html"), "utf8");
if (!html.includes('src="./page.js"')) {
  console.error("post-build: index.html does not load ./page.js (see pattern_script in Trunk.toml)");
  process.exit(1);
}
html = html.replace('src="./page.js"', `src="./${pageName}"`);
writeFileSync(join(staging, "index.html"), html);

// The static site: a page per episode and per insight, the catalogue, the episodes as JSON,
// rendered by the app's own components (see src/site.rs), and the service worker. It runs in
// the dev profile, which shares its compiled crates with the host tests.
try {
  execFileSync("cargo", ["run", "--quiet", "--locked", "--bin", "prerender", "--", staging], { cwd: source, stdio: "inherit" });
} catch {
  console.error("post-build: the prerender step failed (its message is above)");
  process.exit(1);
}
