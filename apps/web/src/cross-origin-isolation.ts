/**
 * Makes the page cross-origin isolated on static hosts that cannot send COOP/COEP headers:
 * registers `coi-sw.js` (from `public/`), which adds the headers to same-origin responses, and
 * reloads once so that they apply. Nothing happens when the page is already isolated (the host
 * sends the headers, as the dev server and `vite preview` do) or in development.
 */
const reloadKey = 'addrnn:isolation-reload';

export type IsolationState = 'isolated' | 'reloading' | `not isolated: ${string}`;

function alreadyReloaded(): boolean {
  try {
    return sessionStorage.getItem(reloadKey) !== null;
  } catch {
    return true; // no sessionStorage: never risk a reload loop
  }
}

export async function isolateWithServiceWorker(): Promise<IsolationState> {
  if (crossOriginIsolated) {
    try {
      sessionStorage.removeItem(reloadKey);
    } catch {
      // nothing to clear
    }
    return 'isolated';
  }
  if (!import.meta.env.PROD) return 'not isolated: the dev server sends the headers itself';
  if (!isSecureContext) return 'not isolated: service workers need https or localhost';
  if (!('serviceWorker' in navigator)) return 'not isolated: this browser has no service workers';
  // Reloaded once already and still not isolated: the worker cannot help here (a hard reload
  // bypasses it, or the browser ignores its headers). Never loop.
  if (alreadyReloaded()) return 'not isolated: the isolation service worker did not take effect';
  try {
    await navigator.serviceWorker.register(`${import.meta.env.BASE_URL}coi-sw.js`, { scope: import.meta.env.BASE_URL });
    await navigator.serviceWorker.ready;
  } catch (error) {
    return `not isolated: the isolation service worker could not start (${error instanceof Error ? error.message : String(error)})`;
  }
  sessionStorage.setItem(reloadKey, String(Date.now()));
  // An active worker in scope controls the next navigation.
  location.reload();
  return 'reloading';
}
