/* NetMed's service worker, served from the site root (core.views.service_worker) so its scope
   is the whole site. It keeps two things on the phone so an event page opens with no network:
   the static files pages use (the kept copy first, refreshed in the background)
   and event pages the doctor has opened (network first, the kept copy only when offline).
   Nothing else is kept: every other page is always asked of the server. The entries typed
   offline are not here but in IndexedDB (static/js/offline-capture.js). */
"use strict";

const ASSETS = "netmed-assets-v1";
const PAGES = "netmed-pages-v1";
const KEPT = [ASSETS, PAGES];
const EVENT_PAGE = /^\/events\/[0-9a-f-]{36}\/$/;

self.addEventListener("install", () => self.skipWaiting());

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(names.filter((name) => !KEPT.includes(name)).map((name) => caches.delete(name))),
      )
      .then(() => self.clients.claim()),
  );
});

function keepsPage(url) {
  return url.origin === self.location.origin && EVENT_PAGE.test(url.pathname);
}

function isAsset(url) {
  return url.origin === self.location.origin && url.pathname.startsWith("/static/");
}

// In production a static file's name carries its content's hash (app.4dd7c97c9bc9.js); after
// a release the old name is never asked for again, so each kept asset replaces the copies kept
// under its other names, and the phone keeps one copy of each file, not one per release.
const HASHED = /\.[0-9a-f]{12}(\.[^./]+)$/;
const unhashed = (path) => path.replace(HASHED, "$1");

async function forgetOtherVersions(cache, request) {
  const path = new URL(request.url || request, self.location.origin).pathname;
  const name = unhashed(path);
  for (const key of await cache.keys()) {
    const other = new URL(key.url).pathname;
    if (other !== path && unhashed(other) === name) await cache.delete(key);
  }
}

async function store(cacheName, request, response) {
  if (response && response.ok && !response.redirected) {
    const cache = await caches.open(cacheName);
    await cache.put(request, response.clone());
    if (cacheName === ASSETS) await forgetOtherVersions(cache, request);
  }
  return response;
}

// The kept copy at once, refreshed in the background for next time (in development static
// names do not change with their content; in production they do, and the refresh is a no-op).
async function assetFromCacheThenRefresh(event) {
  const request = event.request;
  const fresh = fetch(request).then((response) => store(ASSETS, request, response));
  const kept = await caches.match(request);
  if (kept) {
    event.waitUntil(fresh.catch(() => undefined));
    return kept;
  }
  return fresh;
}

async function pageFromNetworkFirst(request) {
  try {
    return await store(PAGES, request, await fetch(request));
  } catch (error) {
    const kept = await caches.match(request, { ignoreSearch: true, ignoreVary: true });
    if (kept) return kept;
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (isAsset(url)) {
    event.respondWith(assetFromCacheThenRefresh(event));
  } else if (request.mode === "navigate" && keepsPage(url)) {
    event.respondWith(pageFromNetworkFirst(request));
  }
});

// A page opened before this worker took control tells it what it used (static/js/pwa.js), so
// the first event page a doctor opens is already kept for later.
async function keep(urls, cacheName) {
  const cache = await caches.open(cacheName);
  for (const href of urls) {
    const url = new URL(href, self.location.origin);
    if (url.origin !== self.location.origin || (await cache.match(url.href))) continue;
    try {
      await store(cacheName, url.href, await fetch(url.href, { credentials: "same-origin" }));
    } catch (error) {
      return; // offline: the next page view tries again
    }
  }
}

self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type === "keep") {
    const page = new URL(data.page || "/", self.location.origin);
    const pages = keepsPage(page) ? [page.pathname] : [];
    event.waitUntil(
      keep((data.assets || []).filter((href) => isAsset(new URL(href, self.location.origin))), ASSETS)
        .then(() => keep(pages, PAGES)),
    );
  } else if (data.type === "forget-pages") {
    event.waitUntil(caches.delete(PAGES));
  }
});
