// Registers the service worker (client/public/sw.js) that keeps the app shell for offline use:
// with it, a board link opens without a network, from this browser's copy of the board.
// Production builds only: in development it would serve stale modules to Vite's dev server.

/** Registers the offline shell once the page has loaded (it never competes with the first load). */
export function registerOfflineShell(): void {
  if (!('serviceWorker' in navigator)) return;
  const register = () => {
    navigator.serviceWorker.register('/sw.js').catch(() => {
      /* no offline shell (e.g. an insecure origin): the app works online as before */
    });
  };
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
}
