// The service worker caches the app shell so the installed wallet starts offline (docs/wallet.md).
if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('service-worker.js', { updateViaCache: 'none' });
}
