// The service worker of the driver app: the app shell from its cache (it opens with no network), the phone API
// always from the network (the app keeps its own data in IndexedDB). self.DRIVER is written by the server above.
const { version, shell, files, api } = self.DRIVER;
const CACHE = `bookbus-driver-${version}`;
const NAVIGATION_WAIT_MS = 3000;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(files.map((url) => new Request(url, { cache: "reload" }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n.startsWith("bookbus-driver-") && n !== CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin || url.pathname.startsWith(api)) return;
  if (request.mode === "navigate" && url.pathname.startsWith(shell)) {
    // Network first for the page, so a new version shows at once where there is signal; the cached shell when the
    // network fails or is slower than NAVIGATION_WAIT_MS (a bar of signal that carries nothing).
    event.respondWith(
      (async () => {
        const network = fetch(request).then((r) => (r.ok ? r : null)).catch(() => null);
        const late = new Promise((resolve) => setTimeout(() => resolve(null), NAVIGATION_WAIT_MS));
        const answer = await Promise.race([network, late]);
        if (answer) return answer;
        const cached = await caches.match(shell);
        return cached || (await network) || Response.error();
      })(),
    );
    return;
  }
  event.respondWith(caches.match(request, { ignoreSearch: true }).then((cached) => cached || fetch(request)));
});
