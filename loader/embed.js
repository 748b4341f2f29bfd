// Earmark's loader for host pages: <script type="module" src=".../embed.js"></script>.
//
// Every element marked `data-earmark` (now, or added later) gets its own Earmark instance
// inside an open shadow root, so that the host's CSS cannot restyle it and its CSS never leaks
// out. `window.Earmark.mount(element, options)` (also this module's `mount` export) does the
// same for hosts that render their own markup. The app's files are fetched from this script's
// own origin, next to it, so the widget can live on a CDN (which must send CORS headers).
//
// Nothing here throws into the host's code: a failure is a console error naming the problem,
// and the instance that failed shows a notice where it can. The build replaces the three file
// names below with the hashed names of this build.

const FILES = { js: "__EARMARK_JS__", wasm: "__EARMARK_WASM__", css: "__EARMARK_CSS__" };

const here = (name) => new URL(name, import.meta.url).href;

let app;
/** The wasm app, loaded once for every instance on the page. */
function loadApp() {
  app ??= import(here(FILES.js)).then(async (bindings) => {
    await bindings.default({ module_or_path: here(FILES.wasm) });
    return bindings;
  });
  return app;
}

let sheet;
/** One constructable stylesheet, adopted by every instance's shadow root. */
function loadSheet() {
  sheet ??= fetch(here(FILES.css))
    .then((response) => {
      if (!response.ok) throw new Error(`${response.status} for ${response.url}`);
      return response.text();
    })
    .then((text) => {
      const css = new CSSStyleSheet();
      css.replaceSync(text);
      return css;
    });
  return sheet;
}

const handles = new WeakMap();

/** The options written on an element as `data-episode`, `data-share-base`, `data-theme`,
    `data-episodes-base` (which may be relative to the host page, as a link's address is). */
function optionsOf(element) {
  const options = {};
  const { episode, shareBase, theme, episodesBase } = element.dataset;
  if (episode !== undefined) options.episode = episode;
  if (shareBase !== undefined) options.shareBase = shareBase;
  if (theme !== undefined) options.theme = theme;
  if (episodesBase !== undefined) {
    try {
      options.episodesBase = new URL(episodesBase, document.baseURI).href;
    } catch {
      // Left as written: the app names the option and what is wrong with it.
      options.episodesBase = episodesBase;
    }
  }
  return options;
}

/**
 * Mounts an instance into `element` with `{ episode, shareBase, theme, audio }` and returns its
 * handle, or null (with a console error) when there is no element to mount into. The handle's
 * methods return promises, which settle once the app has loaded:
 * `open(insightId)` → whether the episode has it, `search(query)`, `highlights()` → W3C Web
 * Annotation objects, and `destroy()`, which unmounts at once.
 */
export function mount(element, options = {}) {
  if (!(element instanceof Element) || !element.isConnected) {
    console.error("Earmark: mount: the element to mount into is missing or no longer in the document");
    return null;
  }
  const existing = handles.get(element);
  if (existing) return existing;
  let instance = null;
  let destroyed = false;
  const ready = Promise.all([loadApp(), loadSheet()])
    .then(([bindings, css]) => {
      if (destroyed) return null;
      instance = bindings.mount(element, options, css, here("./")) ?? null;
      return instance;
    })
    .catch((error) => {
      console.error("Earmark: the widget could not be loaded:", error);
      return null;
    });
  const when = (act, otherwise) => ready.then((live) => (live && !destroyed ? act(live) : otherwise));
  const handle = Object.freeze({
    element,
    ready: ready.then((live) => live !== null),
    open: (insight) => when((live) => live.open(String(insight)), false),
    search: (query) => when((live) => void live.search(String(query ?? "")), undefined),
    highlights: () => when((live) => live.highlights(), []),
    destroy() {
      if (destroyed) return;
      destroyed = true;
      handles.delete(element);
      if (instance) {
        instance.destroy();
        instance.free();
        instance = null;
      }
    },
  });
  handles.set(element, handle);
  return handle;
}

/** Mounts every `[data-earmark]` element under `root` that has no instance yet. */
function mountAll(root) {
  if (root.matches?.("[data-earmark]") && !handles.has(root)) mount(root, optionsOf(root));
  for (const element of root.querySelectorAll?.("[data-earmark]") ?? []) {
    if (!handles.has(element)) mount(element, optionsOf(element));
  }
}

/** Unmounts the instances of marked elements that have left the document. */
function unmountGone(root) {
  const marked = [root, ...(root.querySelectorAll?.("[data-earmark]") ?? [])];
  for (const element of marked) {
    if (!element.isConnected) handles.get(element)?.destroy();
  }
}

mountAll(document);
new MutationObserver((records) => {
  for (const record of records) {
    for (const node of record.removedNodes) unmountGone(node);
    for (const node of record.addedNodes) mountAll(node);
  }
}).observe(document.documentElement, { childList: true, subtree: true });

export const Earmark = Object.freeze({ mount });
window.Earmark ??= Earmark;
