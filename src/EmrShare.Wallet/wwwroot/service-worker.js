// In development the app is always fetched from the network: offline caching is only in the published worker
// (service-worker.published.js), so a rebuild is never hidden behind a stale cache.
self.addEventListener('fetch', () => { });
