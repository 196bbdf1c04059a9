// Debrief's service worker: keeps the app shell (index.html and the built files it loads) so that
// a board opens with no network at all; the board itself then comes from IndexedDB. It never
// touches the API, the websocket or anything else: those always go straight to the network.
//
// - install: fetch index.html, and cache it with every /assets/ file and public file it names
//   (a Vite build names its entry script, its stylesheet and their preloads there).
// - navigation to a page of the app (/, /b/<id>): network first, so a deploy shows at once; the
//   cached index.html if the network fails or takes too long (the client routes /b/<id> itself).
//   A new index.html from the network replaces the cached shell, and the files it no longer
//   names are dropped.
// - /assets/*: cache first (Vite puts a hash of the content in each name), cached as fetched.
// - /favicon.svg: network first, the cached copy offline. (The theme's and the first screen's
//   scripts are inline in the built index.html: cached with it.)
// Registered by client/src/services/offlineShell.ts in production builds only.

const CACHE = 'debrief-shell-v2';
const SHELL = '/index.html';
const PUBLIC_FILES = ['/favicon.svg'];
/** A navigation the network has not answered by then is served from the cache. */
const NAVIGATION_TIMEOUT_MS = 5000;

/** The same-origin files an index.html loads. */
function filesNamedBy(html) {
  const files = new Set(PUBLIC_FILES);
  for (const match of html.matchAll(/\s(?:src|href)="(\/assets\/[^"?#]+)"/g)) files.add(match[1]);
  return [...files];
}

/** Makes `html` the cached shell: first the files it names, then itself; then drops old assets. */
async function storeShell(html) {
  const cache = await caches.open(CACHE);
  const previous = await cache.match(SHELL);
  if (previous && (await previous.text()) === html) return;
  const files = filesNamedBy(html);
  await Promise.all(
    files.map(async (file) => {
      if (file.startsWith('/assets/') && (await cache.match(file))) return;
      const response = await fetch(file, { cache: 'no-cache' });
      if (!response.ok) throw new Error(`${file} answered ${response.status}`);
      await cache.put(file, response);
    }),
  );
  await cache.put(SHELL, new Response(html, { headers: { 'Content-Type': 'text/html; charset=utf-8' } }));
  for (const request of await cache.keys()) {
    const path = new URL(request.url).pathname;
    if (path.startsWith('/assets/') && !files.includes(path)) await cache.delete(request);
  }
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const response = await fetch(SHELL, { cache: 'no-cache' });
      if (!response.ok) throw new Error(`index.html answered ${response.status}`);
      await storeShell(await response.text());
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith('debrief-shell-') && name !== CACHE) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

/** Pages of the app, which the server answers with index.html. */
function isAppPage(path) {
  return path === '/' || path === SHELL || path.startsWith('/b/');
}

async function navigation(event) {
  const network = fetch(event.request);
  network.catch(() => undefined); // a late failure after the timeout is not an error
  const timeout = new Promise((resolve) => setTimeout(() => resolve(null), NAVIGATION_TIMEOUT_MS));
  try {
    const response = await Promise.race([network, timeout]);
    if (response) {
      const type = response.headers.get('content-type') ?? '';
      if (response.ok && type.startsWith('text/html')) {
        const copy = response.clone();
        event.waitUntil(copy.text().then(storeShell).catch(() => undefined));
      }
      return response;
    }
  } catch {
    // offline, or the server is down: the cached shell below
  }
  const cached = await caches.match(SHELL);
  return cached ?? network;
}

async function cacheFirst(request) {
  const cached = await caches.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) {
    const cache = await caches.open(CACHE);
    await cache.put(request, response.clone());
  }
  return response;
}

async function networkFirst(request) {
  try {
    return await fetch(request);
  } catch (error) {
    const cached = await caches.match(request);
    if (cached) return cached;
    throw error;
  }
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    if (isAppPage(url.pathname)) event.respondWith(navigation(event));
  } else if (url.pathname.startsWith('/assets/') && !url.pathname.endsWith('.map')) {
    event.respondWith(cacheFirst(request));
  } else if (PUBLIC_FILES.includes(url.pathname)) {
    event.respondWith(networkFirst(request));
  }
  // Anything else (/api, /ws, /healthz, source maps) is not ours: the browser fetches it as if
  // this worker were not here.
});
