/* Installable NetMed: registers the service worker (static/js/sw.js, served at the site root)
   and tells it which static files this page uses, so an event page opened once still opens
   with no network. Logging out forgets the kept pages. */
(function () {
  "use strict";
  if (!("serviceWorker" in navigator)) return;
  const meta = document.querySelector('meta[name="netmed-service-worker"]');
  if (!meta) return;

  function usedAssets() {
    const scripts = Array.from(document.querySelectorAll("script[src]"), (el) => el.src);
    const links = Array.from(
      document.querySelectorAll('link[rel="stylesheet"], link[rel="icon"]'),
      (el) => el.href,
    );
    return scripts.concat(links);
  }

  navigator.serviceWorker
    .register(meta.content, { scope: "/" })
    .then(() => navigator.serviceWorker.ready)
    .then((registration) => {
      registration.active.postMessage({
        type: "keep",
        page: location.pathname,
        assets: usedAssets(),
      });
    })
    .catch(() => {}); // no worker (a private window, say): pages still work online

  document.addEventListener("submit", (event) => {
    if (!event.target.matches("form[data-logout]")) return;
    const worker = navigator.serviceWorker.controller;
    if (worker) worker.postMessage({ type: "forget-pages" });
    if (window.caches) caches.delete("netmed-pages-v1");
  });
})();
