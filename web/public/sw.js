// The dashboard's service worker: after a first visit the map opens without a connection.
// - Hashed assets (/app/assets/…): from the cache first; their names change with their content.
// - The page (/app/…): from the network first, the last copy when offline.
// - Public API reads (/api/v1/…, GET, no API key): from the network first; each answer is kept
//   with the time it was saved, and offline the kept answer is served marked
//   `x-brecha-offline: 1` so the dashboard can say plainly that its data may be stale.
//   Answers to requests carrying an API key are never kept.
const SHELL = "brecha-shell-v1";
const DATA = "brecha-data-v1";
/** Most API answers kept; the oldest go first. */
const DATA_ENTRIES = 120;

self.addEventListener("install", () => {
  self.skipWaiting();
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys())
        if (name !== SHELL && name !== DATA) await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/app/assets/")) event.respondWith(cacheFirst(request));
  else if (url.pathname.startsWith("/api/v1/") && !request.headers.has("x-api-key"))
    event.respondWith(networkFirst(request, DATA));
  else if (request.mode === "navigate" && url.pathname.startsWith("/app/"))
    event.respondWith(networkFirst(request, SHELL));
});

async function cacheFirst(request) {
  const cache = await caches.open(SHELL);
  const kept = await cache.match(request);
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

async function networkFirst(request, name) {
  const cache = await caches.open(name);
  try {
    const response = await fetch(request);
    if (response.status === 200) {
      const headers = new Headers(response.headers);
      headers.set("x-brecha-saved-at", new Date().toISOString());
      const body = await response.clone().arrayBuffer();
      await cache.put(request, new Response(body, { status: 200, headers }));
      if (name === DATA) await trim(cache);
    }
    return response;
  } catch (error) {
    const kept = await cache.match(request, { ignoreVary: true });
    if (!kept) throw error;
    const headers = new Headers(kept.headers);
    headers.set("x-brecha-offline", "1");
    return new Response(await kept.arrayBuffer(), { status: 200, headers });
  }
}

async function trim(cache) {
  const keys = await cache.keys();
  for (const key of keys.slice(0, Math.max(0, keys.length - DATA_ENTRIES))) await cache.delete(key);
}
