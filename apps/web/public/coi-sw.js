/*
 * addrnn: cross-origin isolation for static hosts that cannot set response headers
 * (GitHub Pages, a plain file server). The page registers this service worker only when it
 * is not cross-origin isolated; the worker then answers same-origin requests with
 * Cross-Origin-Opener-Policy and Cross-Origin-Embedder-Policy added, and the page reloads
 * once so that the new headers apply. Requests to other origins pass through untouched
 * (the app makes none). A host that sends the headers itself never needs this file.
 */
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

self.addEventListener('install', () => {
  self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim());
});

/** The same response with the isolation headers set (bodies stream through unchanged). */
function withIsolationHeaders(response) {
  // Opaque, redirected-opaque and error responses cannot be rebuilt; pass them on as they are.
  if (response.type === 'opaque' || response.type === 'opaqueredirect' || response.type === 'error' || response.status === 0) {
    return response;
  }
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(isolationHeaders)) headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (new URL(request.url).origin !== self.location.origin) return;
  // Chromium rejects 'only-if-cached' outside same-origin mode (devtools issues such requests).
  if (request.cache === 'only-if-cached' && request.mode !== 'same-origin') return;
  event.respondWith(fetch(request).then(withIsolationHeaders));
});
