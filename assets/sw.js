// Gatehouse service worker: precaches the app shell and serves the offline
// page when a page cannot be fetched. Server functions (/api/) and anything
// that is not a GET always go to the network and are never cached. Only
// anonymous pieces are cached: static files, fetched without cookies, never
// a page rendered for whoever was signed in.
const CACHE = "gatehouse-shell-v2";
const OFFLINE_URL = "/offline.html";
const SHELL = [
  OFFLINE_URL,
  "/pkg/gatehouse.css",
  "/pkg/gatehouse.js",
  "/pkg/gatehouse.wasm",
  "/manifest.webmanifest",
  "/favicon.svg",
  "/icons/icon-192.png",
  "/icons/icon-512.png",
];

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) =>
        Promise.all(
          SHELL.map((url) => cache.add(new Request(url, { cache: "reload", credentials: "omit" })).catch(() => undefined)),
        ),
      )
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin || url.pathname.startsWith("/api/")) {
    return;
  }
  if (request.mode === "navigate") {
    // Pages: always fresh from the network. When that fails, the static
    // offline page answers at the address asked for (it runs no app code, so
    // nothing hydrates against it), and its "Try again" asks for it again.
    event.respondWith(
      fetch(request).catch(() =>
        caches.match(OFFLINE_URL).then((page) => page || Response.error()),
      ),
    );
    return;
  }
  if (SHELL.includes(url.pathname)) {
    // Shell files: network first so a new release is picked up, cache when offline.
    event.respondWith(
      fetch(request)
        .then((response) => {
          if (response.ok && url.pathname !== OFFLINE_URL) {
            const copy = response.clone();
            caches.open(CACHE).then((cache) => cache.put(request, copy));
          }
          return response;
        })
        .catch(() => caches.match(request)),
    );
  }
});
