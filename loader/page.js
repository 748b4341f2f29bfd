// Starts the standalone Earmark page (index.html and every prerendered page of the build, also
// inside a host's iframe): hydrates what the build rendered. The build replaces the file names
// below with the hashed names of this build.

// `?episode=` may ask for another episode than the page holds (the root page holds the first):
// the wrong one is taken off the screen at once, not when the app has loaded.
const asked = new URLSearchParams(location.search).get("episode")?.trim();
const data = document.getElementById("earmark-data");
if (asked && data) {
  let held = null;
  try {
    held = JSON.parse(data.textContent).episode.id;
  } catch {}
  if (held !== asked) document.getElementById("earmark")?.replaceChildren();
}

// The wasm and its bindings download side by side (the page has no preloads: on a slow
// connection they would slow the first paint, which needs only the HTML and the stylesheet).
const wasm = fetch(new URL("./__EARMARK_WASM__", import.meta.url));
const { default: init, start_page } = await import("./__EARMARK_JS__");
await init({ module_or_path: wasm });
// The build's root is this file's folder: episodes, the worker and the pages are there.
start_page(new URL("./", import.meta.url).href);
