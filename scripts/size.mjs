// Prints the size of every file of a build, raw and compressed as a server would send it
// (gzip level 9, brotli quality 11), and the totals; then what a first visit to the heaviest
// episode page downloads, against the weight budget (scripts/budget.json).
//
// Usage: node scripts/size.mjs <build folder> [--check] [--first-load-only] [--page P] [--json]
//   --check            exit 1 when the first load exceeds the budget's ceiling
//   --first-load-only  print only the first-load table
//   --page P           the first visit to page P (such as `<episode>/index.html`) instead
//   --json             print only the first load, as JSON: { page, files: [{ file, raw, gzip,
//                      brotli }], total } (what the benchmarks and tests/build.rs read)
import { appendFileSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { gzipSync, brotliCompressSync, constants } from "node:zlib";

/** Every file under `dir`, as paths. */
function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

const args = process.argv.slice(2);
const root = args.find((arg, i) => !arg.startsWith("--") && args[i - 1] !== "--page") ?? "dist";
const check = args.includes("--check");
const json = args.includes("--json");
const firstLoadOnly = json || args.includes("--first-load-only");
const asked = args.includes("--page") ? args[args.indexOf("--page") + 1] : undefined;
const budget = JSON.parse(readFileSync(new URL("./budget.json", import.meta.url), "utf8"));

const measure = (url) => {
  const bytes = readFileSync(join(root, url));
  return {
    file: url,
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
};

const sum = (rows, file) =>
  rows.reduce((s, r) => ({ file, raw: s.raw + r.raw, gzip: s.gzip + r.gzip, brotli: s.brotli + r.brotli }), {
    file,
    raw: 0,
    gzip: 0,
    brotli: 0,
  });

function table(rows, total) {
  const width = Math.max(...rows.map((row) => row.file.length), total.file.length, 5);
  const line = (r) =>
    `${r.file.padEnd(width)}  ${String(r.raw).padStart(9)}  ${String(r.gzip).padStart(9)}  ${String(r.brotli).padStart(9)}`;
  console.log(`${"file".padEnd(width)}  ${"raw".padStart(9)}  ${"gzip".padStart(9)}  ${"brotli".padStart(9)}   (bytes)`);
  rows.forEach((row) => console.log(line(row)));
  console.log(line(total));
}

const urls = files(root)
  .map((path) => relative(root, path).split(sep).join("/"))
  .sort();

if (!firstLoadOnly) {
  const rows = urls.map(measure);
  table(rows, sum(rows, "total"));
  console.log();
}

// The heaviest episode page (`<episode>/index.html`), then every file of the build's root that
// it names, and that those name in turn (page.js names the bindings and the wasm, the wasm
// names the service worker): the HTML, JS, wasm and CSS the browser fetches to show the page
// and start the app. Not counted: the manifest's icons (Chromium fetches the 192 px one, 2.4 KB,
// for its install prompt), and the offline copy the service worker makes once the page is live.
const pages = urls.filter((url) => /^[^/.][^/]*\/index\.html$/.test(url) && !url.startsWith("episodes/"));
if (pages.length === 0 && !asked) {
  console.error(`no episode page (<episode>/index.html) in ${root}`);
  process.exit(2);
}
const bytes = (url) => statSync(join(root, url)).size;
const page = asked ?? pages.reduce((heaviest, url) => (bytes(url) > bytes(heaviest) ? url : heaviest));
const topLevel = urls.filter((url) => !url.includes("/") && url !== "index.html");
const loaded = [page];
for (let i = 0; i < loaded.length; i++) {
  // The manifest names the icons; the worker lists its offline copy.
  if (loaded[i] === "manifest.webmanifest" || loaded[i] === "sw.js") continue;
  const text = readFileSync(join(root, loaded[i])).toString("latin1");
  for (const url of topLevel) {
    if (!loaded.includes(url) && text.includes(url)) loaded.push(url);
  }
}
const rows = loaded.map(measure);
const total = sum(rows, "first load");
if (json) {
  console.log(JSON.stringify({ page, files: rows, total }));
  process.exit(0);
}
console.log(`A first visit to ${page}:`);
table(rows, total);
const kb = (bytes) => `${(bytes / 1000).toFixed(1)} KB`;
console.log(
  `first load, brotli: ${kb(total.brotli)}; goal ${kb(budget.goal)}, asserted ceiling ${kb(budget.ceiling)}` +
    (total.brotli <= budget.goal ? " (goal met)" : ` (goal missed by ${kb(total.brotli - budget.goal)})`),
);

// The page's transcript, if it has one: fetched by the app once the page is up, so not part of
// the first load (the page carries only its chapters and length), but what a reader who opens
// the transcript downloads next.
const transcript = `episodes/${page.split("/")[0]}.transcript.json`;
let after = null;
try {
  after = measure(transcript);
} catch {
  // No transcript beside this episode.
}
if (after) {
  console.log(
    `after the first paint, its transcript (${after.file}): ${kb(after.raw)} raw, ${kb(after.gzip)} gzip, ${kb(after.brotli)} brotli`,
  );
}

// `./dev bench` collects every benchmark's figures for one table (benches/summary.rs).
if (process.env.EARMARK_BENCH_SUMMARY) {
  const lines = rows.map((r) => `Weight (first load)\t${r.file}: raw / gzip / brotli\t${r.raw} / ${r.gzip} / ${r.brotli} B\t`);
  lines.push(`Weight (first load)\ttotal, brotli -q 11\t${total.brotli} B\tgoal ${budget.goal} B (ceiling ${budget.ceiling} B asserted)`);
  if (after) lines.push(`Weight (first load)\t${after.file}, after the first paint: raw / brotli\t${after.raw} / ${after.brotli} B\t`);
  appendFileSync(process.env.EARMARK_BENCH_SUMMARY, lines.join("\n") + "\n");
}

if (check && total.brotli > budget.ceiling) {
  console.error(
    `error: the first load is ${kb(total.brotli)} brotli, over the ceiling of ${kb(budget.ceiling)} (scripts/budget.json).`,
  );
  process.exit(1);
}
