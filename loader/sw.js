// Earmark's service worker: after one visit, the app works offline, and a new version waits
// until the reader agrees to it.
//
// - Install: every file of the build (the list below, written by scripts/precache.mjs) is
//   fetched fresh and stored in this version's cache. A file that does not arrive fails the
//   install, so a version is either whole or not installed.
// - Files of the build: cache-first from this version's cache only, so the page never gets a
//   file of another version (a new JS with an old wasm).
// - Navigations: the network first, for at most 3 s (a hanging hotel Wi-Fi must not hang the
//   reader), then this version's index.html; while a newer version waits, this version's
//   index.html at once.
// - Requests that are not GET, or go to another origin, are left to the browser.
// - A new version installs beside the old one and waits: the page offers Reload, which posts
//   SKIP_WAITING. Activation deletes the other versions' caches.
// - GET_STATUS answers how much of this version is cached, for "Available offline".

const CACHE = "__EARMARK_CACHE__";
const PRECACHE = __EARMARK_PRECACHE__;
const PAGE = "index.html";
const NAVIGATION_TIMEOUT_MS = 3000;

const scoped = (url) => new URL(url, self.registration.scope).href;
const precached = new Set(PRECACHE.map((entry) => scoped(entry.url)));

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      Promise.all(
        PRECACHE.map(async ({ url }) => {
          const response = await fetch(new Request(scoped(url), { cache: "reload" }));
          if (!response.ok) throw new Error(`precaching ${url}: ${response.status}`);
          await cache.put(scoped(url), response);
        }),
      ),
    ),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith("earmark-") && name !== CACHE) await caches.delete(name);
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
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(navigate(request));
    return;
  }
  const key = url.origin + url.pathname;
  if (precached.has(key)) event.respondWith(fromCache(request, key));
});

async function fromCache(request, key) {
  const cached = await caches.match(key, { cacheName: CACHE });
  return cached || fetch(request);
}

async function navigate(request) {
  // While a newer version waits for the reader's Reload, this one keeps serving its own page:
  // the network's page would be the newer version's, before the reader agreed to it.
  if (self.registration.waiting) {
    const page = await caches.match(scoped(PAGE), { cacheName: CACHE });
    if (page) return page;
  }
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error("the network took too long")), NAVIGATION_TIMEOUT_MS);
  });
  try {
    return await Promise.race([fetch(request), timeout]);
  } catch {
    const page = await caches.match(scoped(PAGE), { cacheName: CACHE });
    return page || Response.error();
  } finally {
    clearTimeout(timer);
  }
}
