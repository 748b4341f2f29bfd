// Writes the service worker (sw.js) of a build folder: loader/sw.js with the precache list and
// a cache name that changes when any file of the build does, and only then.
//
// The precache list is the app itself: every file of the build but the per-episode pages,
// the per-insight pages and the episodes' JSON, each with a revision (a hash of its content)
// and its size. Those grow with the catalogue (three hundred episodes make thousands of
// pages), so the worker caches them as the reader visits them instead (see loader/sw.js).
//
// Run by the post-build hook on Trunk's staging folder, and usable on any build folder:
//   node scripts/precache.mjs <folder>
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

const hash = (bytes) => createHash("sha256").update(bytes).digest("hex").slice(0, 16);

/** Every file under `dir`, as paths. */
export function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

/** Whether `url` (relative to the build's root) is part of the app rather than the catalogue. */
export function precached(url) {
  if (url === "sw.js" || url === "sitemap.xml") return false;
  if (url.startsWith("episodes/")) return url === "episodes/index.html" || url === "episodes/index.json";
  // Episode pages (<episode>/index.html) and insight pages (<episode>/<insight>/index.html).
  return !/^[^/]+\/(.+\/)?index\.html$/.test(url);
}

/** The precache list and cache name of `dir`, and sw.js written into it. */
export function writeServiceWorker(dir) {
  const all = files(dir)
    .map((path) => relative(dir, path).split(sep).join("/"))
    .filter((url) => url !== "sw.js")
    .sort()
    .map((url) => {
      const bytes = readFileSync(join(dir, url));
      return { url, revision: hash(bytes), size: bytes.length };
    });
  const entries = all.filter((entry) => precached(entry.url));
  const cacheName = `earmark-${hash(all.map((e) => `${e.url} ${e.revision}`).join("\n"))}`;
  const template = readFileSync(fileURLToPath(new URL("../loader/sw.js", import.meta.url)), "utf8");
  const worker = template
    .replace('"__EARMARK_CACHE__"', JSON.stringify(cacheName))
    .replace("__EARMARK_PRECACHE__", JSON.stringify(entries, null, 1));
  writeFileSync(join(dir, "sw.js"), worker);
  return { cacheName, entries, pages: all.length - entries.length };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2];
  if (!dir) {
    console.error("usage: node scripts/precache.mjs <build folder>");
    process.exit(2);
  }
  const { cacheName, entries } = writeServiceWorker(dir);
  console.log(`${join(dir, "sw.js")}: ${entries.length} files, cache ${cacheName}`);
}
