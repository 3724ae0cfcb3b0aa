// The MixLens service worker: lets the page open again without a network (the local server
// stopped, a laptop offline in a workshop). It keeps a copy of the page's own files, nothing else:
// only same-origin GETs of the paths in APP_FILES go through it. CSV files, saved models and
// everything the page computes never pass through a fetch, so they are never cached.
//
// Network first: while the server answers, every file comes from it (and refreshes the copy), so
// an updated page is used at once; only when the network fails does the copy answer. The cache
// is named after the version (sw.js?v=<version>, given by main.js); a new version installs a new
// worker, whose activation deletes the older caches.

const VERSION = new URL(self.location.href).searchParams.get('v') || 'dev';
const CACHE = `mixlens-${VERSION}`;

/** The page's own files, relative to this script. */
const APP_FILES = [
  './', 'index.html', 'style.min.css',
  'app.min.js',
  'vendor/chart.min.js',
  'pkg/index.js', 'pkg/worker.js', 'pkg/mixlens.js', 'pkg/mixlens_bg.wasm',
];
const APP_URLS = new Set(APP_FILES.map((f) => new URL(f, self.location.href).href));

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await cache.addAll(APP_FILES.map((f) => new Request(f, { cache: 'no-cache' })));
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) if (name.startsWith('mixlens-') && name !== CACHE) await caches.delete(name);
    await self.clients.claim();
  })());
});

/** The request's URL without query or fragment, if it is one of the page's files. */
function appUrl(request) {
  if (request.method !== 'GET') return null;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return null;
  const bare = url.origin + url.pathname;
  return APP_URLS.has(bare) ? bare : null;
}

async function networkFirst(event, key) {
  try {
    const response = await fetch(event.request);
    if (response.ok) {
      const copy = response.clone();
      event.waitUntil(caches.open(CACHE).then((cache) => cache.put(key, copy)));
    }
    return response;
  } catch (offline) {
    const copy = await caches.match(key, { cacheName: CACHE });
    if (copy) return copy;
    throw offline;
  }
}

self.addEventListener('fetch', (event) => {
  const key = appUrl(event.request);
  if (key) event.respondWith(networkFirst(event, key));
});
