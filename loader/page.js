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

// The wasm and its bindings download side by side, once the page has painted: the first paint
// needs only the HTML and the stylesheet, and on a slow connection anything fetched before it
// takes bandwidth from them (so the page has no preloads either). Where the browser paints
// nothing (a hidden tab, a frame out of view), they start after 100 ms all the same (later in
// a background tab, whose timers the browser slows).
await new Promise((painted) => {
  requestAnimationFrame(() => setTimeout(painted, 0));
  setTimeout(painted, 100);
});
const wasm = fetch(new URL("./__EARMARK_WASM__", import.meta.url));
const { default: init, start_page } = await import("./__EARMARK_JS__");
await init({ module_or_path: wasm });
// Instantiating the wasm and hydrating the page are each a long task on a slow phone; a turn
// of the event loop between them lets the browser handle input and paint in between.
await new Promise((next) => setTimeout(next, 0));
// The build's root is this file's folder: episodes, the worker and the pages are there.
start_page(new URL("./", import.meta.url).href);
