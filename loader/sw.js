// Earmark's service worker: after one visit, the app works offline, and a new version waits
// until the reader agrees to it.
//
// - Install: every file of the build (the list below, written by the prerender step: src/precache.rs) is
//   fetched fresh and stored in this version's cache. A file that does not arrive fails the
//   install, so a version is either whole or not installed.
// - Files of the build: cache-first from this version's cache only, so the page never gets a
//   file of another version (a new JS with an old wasm).
// - Navigations: the network first, for at most 3 s (a hanging hotel Wi-Fi must not hang the
//   reader), then the page from this version's caches: the root and catalogue pages are
//   precached, episode and insight pages are kept as the reader visits them. An insight page
//   never visited falls back to its episode's page, opened at that insight (`#insight=`), and
//   an episode page never visited to the root page asking for it (`?episode=`). While a newer
//   version waits, this version's copy of the page at once.
// - The episodes' JSON (fetched for `?episode=` and by widgets): the network first (3 s at
//   most), then the copy kept from the last time.
// - Kept pages and episodes outlive a version: activation copies the JSON and fetches the kept
//   pages again for the new version.
// - Requests that are not GET, or go to another origin, are left to the browser.
// - A new version installs beside the old one and waits: the page offers Reload, which posts
//   SKIP_WAITING. Activation deletes the other versions' caches.
// - GET_STATUS answers how much of this version is cached, for "Available offline".

const CACHE = "__EARMARK_CACHE__";
// Pages and episodes kept as visited, per version: a page names its version's hashed files.
// (The name starts with "earmark-", so activation deletes other versions' copies too.)
const VISITED = `${CACHE}-visited`;
const PRECACHE = __EARMARK_PRECACHE__;
const PAGE = "index.html";
const NAVIGATION_TIMEOUT_MS = 3000;

const scoped = (url) => new URL(url, self.registration.scope).href;
const precached = new Set(PRECACHE.map((entry) => scoped(entry.url)));
/** Whether `key` (origin and path) is the root page, which is precached as index.html. */
const isRootPage = (key) => key === scoped("") || key === scoped(PAGE);
/** Whether `pathname` is an episode's JSON (`episodes/<id>.json`), the same in every version. */
const isEpisodeJson = (pathname) => /\/episodes\/[^/]+\.json$/.test(pathname);

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) =>
        Promise.all(
          PRECACHE.map(async ({ url }) => {
            // A file whose name holds its content's hash (the wasm, the bindings, the style)
            // cannot be stale, so the copy the page just downloaded serves: a first visit then
            // downloads the wasm once, not twice. Every other file is fetched afresh.
            const hashed = /-[0-9a-f]{12,}(_bg)?\.\w+$/.test(url);
            const response = await fetch(new Request(scoped(url), { cache: hashed ? "default" : "reload" }));
            if (!response.ok) throw new Error(`precaching ${url}: ${response.status}`);
            await cache.put(scoped(url), response);
          }),
        ),
      )
      .then(keepOpenPages),
  );
});

/** The pages open now were loaded before this worker could keep them (the first visit to an
    episode's page is one): they are kept now, so that they read offline too, with their
    episode's transcript (which the app fetched after the page, also before this worker was
    there). What does not arrive (an episode without a transcript: a 404) is no reason to fail
    the install, and is not kept. */
async function keepOpenPages() {
  const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
  await Promise.all(
    windows.map(async (client) => {
      const url = new URL(client.url);
      const key = url.origin + url.pathname;
      if (!key.startsWith(self.registration.scope)) return;
      if (!isRootPage(key)) await refetch(key);
      const episode = await episodeOf(url);
      if (episode) await refetch(scoped(`episodes/${encodeURIComponent(episode)}.transcript.json`));
    }),
  );
}

/** The episode an open page shows: its folder (`<episode>/`, `<episode>/<insight>/`), else the
    address's `?episode=`, else the build's first (the root page), from the precached catalogue. */
async function episodeOf(url) {
  const [first] = url.pathname.slice(new URL(self.registration.scope).pathname.length).split("/");
  if (first && first !== "episodes" && first !== PAGE) return decodeURIComponent(first);
  const asked = url.searchParams.get("episode");
  if (asked) return asked;
  try {
    const catalogue = await caches.match(scoped("episodes/index.json"), { cacheName: CACHE });
    return (await catalogue.json()).first;
  } catch {
    return null;
  }
}

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (!name.startsWith("earmark-") || name === CACHE || name === VISITED) continue;
        if (name.endsWith("-visited")) await carryOver(name);
        await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

/** What the reader kept under an older version stays readable: the episodes' JSON (the same
    in every version) is copied, and the kept pages (which name their version's files) are
    fetched again for this version, as far as the network allows. */
async function carryOver(name) {
  const old = await caches.open(name);
  for (const request of await old.keys()) {
    const key = request.url;
    if (isEpisodeJson(new URL(key).pathname)) {
      const response = await old.match(request);
      if (response) await (await caches.open(VISITED)).put(key, response);
    } else {
      await refetch(key);
    }
  }
}

self.addEventListener("message", (event) => {
  const type = event.data && event.data.type;
  if (type === "SKIP_WAITING") self.skipWaiting();
  if (type === "GET_STATUS") event.waitUntil(status().then((answer) => event.source && event.source.postMessage(answer)));
});

async function status() {
  const cache = await caches.open(CACHE);
  let cached = 0;
  let bytes = 0;
  for (const entry of PRECACHE) {
    if (await cache.match(scoped(entry.url))) {
      cached += 1;
      bytes += entry.size;
    }
  }
  return { earmark: "status", cache: CACHE, cached, total: PRECACHE.length, bytes };
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || !url.href.startsWith(self.registration.scope)) return;
  if (request.mode === "navigate") {
    event.respondWith(navigate(event, request));
    return;
  }
  const key = url.origin + url.pathname;
  if (precached.has(key)) event.respondWith(fromCache(request, key));
  else if (isEpisodeJson(url.pathname)) event.respondWith(networkFirst(event, request, key));
});

async function fromCache(request, key) {
  const cached = await caches.match(key, { cacheName: CACHE });
  return cached || fetch(request);
}

/** Stores a copy of a good answer in this version's kept pages and episodes. */
async function store(key, response) {
  if (response.ok && response.type === "basic") {
    const cache = await caches.open(VISITED);
    await cache.put(key, response.clone());
  }
  return response;
}

/** Fetches `key` afresh and keeps it, as far as the network allows: a page that does not
    arrive is no reason to fail an install or an activation. */
async function refetch(key) {
  try {
    await store(key, await fetch(new Request(key, { cache: "reload" })));
  } catch {}
}

/** Keeps a copy of a good answer for when the network is gone, without holding the answer
    back (it streams to the page at once) and without failing it when storing fails (a full
    quota, say). */
function keep(event, key, response) {
  event.waitUntil(store(key, response.clone()).catch(() => {}));
  return response;
}

/** The network's answer, or a rejection after `NAVIGATION_TIMEOUT_MS` (a hanging hotel Wi-Fi
    must not hang the reader). */
async function withTimeout(request) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error("the network took too long")), NAVIGATION_TIMEOUT_MS);
  });
  try {
    return await Promise.race([fetch(request), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function networkFirst(event, request, key) {
  try {
    return keep(event, key, await withTimeout(request));
  } catch {
    return (await caches.match(key, { cacheName: VISITED })) || Response.error();
  }
}

/** This version's copy of the page at `url`, if it has one. */
async function cachedPage(url) {
  const key = url.origin + url.pathname;
  // The root page is precached as index.html, whatever its query (`?episode=` is read by the app).
  if (isRootPage(key)) return caches.match(scoped(PAGE), { cacheName: CACHE });
  const page = key.endsWith("/") ? `${key}${PAGE}` : key;
  return (await caches.match(key, { cacheName: VISITED })) || (await caches.match(page, { cacheName: CACHE }));
}

/** Where a page that was never kept can be read from this version's own pages: an insight
    page at its episode's page (`#insight=`), an episode page on the root page (`?episode=`),
    the address's other parameters (`embed=1`, `q`, …) kept. A redirect keeps the fragment it
    does not set. */
function fallback(url) {
  const parts = url.pathname.slice(new URL(self.registration.scope).pathname.length).split("/").filter(Boolean);
  if (parts.length === 0 || parts.length > 2 || parts[0] === "episodes" || parts.some((part) => part.includes("."))) return null;
  const [episode, insight] = parts.map(decodeURIComponent);
  const target = new URL(self.registration.scope);
  target.search = url.search;
  if (insight === undefined) {
    target.searchParams.set("episode", episode);
  } else {
    target.pathname += `${encodeURIComponent(episode)}/`;
    target.hash = `insight=${encodeURIComponent(insight)}`;
  }
  return Response.redirect(target.href, 302);
}

async function navigate(event, request) {
  const url = new URL(request.url);
  const key = url.origin + url.pathname;
  // While a newer version waits for the reader's Reload, this one keeps serving its own pages:
  // the network's would be the newer version's, before the reader agreed to it. A page this
  // version does not have is read from its own pages (the fallbacks), never from the network.
  if (self.registration.waiting) {
    return (await cachedPage(url)) || fallback(url) || fetch(request);
  }
  try {
    const response = await withTimeout(request);
    // The root page is precached; any other page is kept as visited.
    return isRootPage(key) ? response : keep(event, key, response);
  } catch {
    return (await cachedPage(url)) || fallback(url) || Response.error();
  }
}
