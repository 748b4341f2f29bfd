// Earmark's service worker: after one visit, the app works offline, and a new version waits
// until the reader agrees to it.
//
// - Install: every file of the build (the list below, written by scripts/precache.mjs) is
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
// - The episodes' JSON (fetched for `?episode=` and by widgets): the network first, then the
//   copy kept from the last time.
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

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) =>
        Promise.all(
          PRECACHE.map(async ({ url }) => {
            const response = await fetch(new Request(scoped(url), { cache: "reload" }));
            if (!response.ok) throw new Error(`precaching ${url}: ${response.status}`);
            await cache.put(scoped(url), response);
          }),
        ),
      )
      .then(keepOpenPages),
  );
});

/** The pages open now were loaded before this worker could keep them (the first visit to an
    episode's page is one): they are kept now, so that they read offline too. A page that does
    not arrive is no reason to fail the install. */
async function keepOpenPages() {
  const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
  await Promise.all(
    windows.map(async (client) => {
      const url = new URL(client.url);
      const key = url.origin + url.pathname;
      if (!key.startsWith(self.registration.scope) || key === scoped("") || key === scoped(PAGE)) return;
      try {
        await keep(key, await fetch(new Request(key, { cache: "reload" })));
      } catch {}
    }),
  );
}

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith("earmark-") && name !== CACHE && name !== VISITED) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

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
    event.respondWith(navigate(request));
    return;
  }
  const key = url.origin + url.pathname;
  if (precached.has(key)) event.respondWith(fromCache(request, key));
  else if (/\/episodes\/[^/]+\.json$/.test(url.pathname)) event.respondWith(networkFirst(request, key));
});

async function fromCache(request, key) {
  const cached = await caches.match(key, { cacheName: CACHE });
  return cached || fetch(request);
}

/** Keeps a copy of a good answer for when the network is gone. */
async function keep(key, response) {
  if (response.ok && response.type === "basic") {
    const cache = await caches.open(VISITED);
    await cache.put(key, response.clone());
  }
  return response;
}

async function networkFirst(request, key) {
  try {
    return await keep(key, await fetch(request));
  } catch {
    return (await caches.match(key, { cacheName: VISITED })) || Response.error();
  }
}

/** This version's copy of the page at `url`, if it has one. */
async function cachedPage(url) {
  const key = url.origin + url.pathname;
  // The root page is precached as index.html, whatever its query (`?episode=` is read by the app).
  if (key === scoped("") || key === scoped(PAGE)) return caches.match(scoped(PAGE), { cacheName: CACHE });
  const page = key.endsWith("/") ? `${key}${PAGE}` : key;
  return (await caches.match(key, { cacheName: VISITED })) || (await caches.match(page, { cacheName: CACHE }));
}

/** Where a page that was never kept can be read offline: an insight page at its episode's
    page, an episode page on the root page. A redirect keeps the fragment it does not set. */
function fallback(url) {
  const parts = url.href.slice(self.registration.scope.length).split(/[?#]/)[0].split("/").filter(Boolean);
  if (parts.length === 0 || parts[0] === "episodes" || parts.some((part) => part.includes("."))) return null;
  if (parts.length === 2) return Response.redirect(scoped(`${parts[0]}/#insight=${parts[1]}`), 302);
  if (parts.length === 1) return Response.redirect(scoped(`?episode=${parts[0]}`), 302);
  return null;
}

async function navigate(request) {
  const url = new URL(request.url);
  // While a newer version waits for the reader's Reload, this one keeps serving its own pages:
  // the network's would be the newer version's, before the reader agreed to it.
  if (self.registration.waiting) {
    const page = await cachedPage(url);
    if (page) return page;
  }
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error("the network took too long")), NAVIGATION_TIMEOUT_MS);
  });
  try {
    const response = await Promise.race([fetch(request), timeout]);
    // The root page is precached; any other page is kept as visited.
    const key = url.origin + url.pathname;
    return key === scoped("") || key === scoped(PAGE) ? response : await keep(key, response);
  } catch {
    return (await cachedPage(url)) || fallback(url) || Response.error();
  } finally {
    clearTimeout(timer);
  }
}
