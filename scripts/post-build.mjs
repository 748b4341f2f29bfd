// Trunk's post-build hook: writes the loaders (embed.js, page.js, embed-frame.js) next to the
// hashed files they load, and checks that the page keeps a strict Content-Security-Policy.
//
// Trunk hashes the app's file names (earmark-<hash>.js, _bg.wasm, .css), so the loaders, whose
// names are stable promises to host pages, are written from loader/ with those names filled in.
// Hooks run in Trunk's staging folder (TRUNK_STAGING_DIR), which Trunk then moves to dist/.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const staging = process.env.TRUNK_STAGING_DIR;
const source = process.env.TRUNK_SOURCE_DIR ?? process.cwd();
if (!staging) {
  console.error("post-build: TRUNK_STAGING_DIR is not set (run through trunk build)");
  process.exit(1);
}

const files = readdirSync(staging);
function one(pattern, what) {
  const found = files.filter((name) => pattern.test(name));
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

for (const loader of ["embed.js", "page.js", "embed-frame.js"]) {
  let text = readFileSync(join(source, "loader", loader), "utf8");
  for (const [placeholder, name] of Object.entries(names)) text = text.replaceAll(placeholder, name);
  writeFileSync(join(staging, loader), text);
}

// A strict CSP (script-src 'self', style-src 'self', no 'unsafe-inline') refuses inline
// scripts and style attributes: the build fails rather than ship a page that breaks under it.
const html = readFileSync(join(staging, "index.html"), "utf8");
const inline = [...html.matchAll(/<script\b([^>]*)>/g)].filter((m) => !/\ssrc=/.test(m[1]));
if (inline.length > 0 || /\sstyle=/.test(html) || /\son[a-z]+=/.test(html)) {
  console.error("post-build: index.html has an inline script, style attribute or event handler attribute");
  process.exit(1);
}
