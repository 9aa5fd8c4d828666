// The one fetch every HTTP client in the app goes through (TMDB, dataset downloads). The CLI keeps
// Node's fetch; the Electron app swaps in Electron's net.fetch at start (main/index.ts), which uses
// Chromium's network stack and so honours the system proxy settings and certificate store
// (https://www.electronjs.org/docs/latest/api/net, "net.fetch"), which Node's fetch ignores.

export type FetchFn = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

let current: FetchFn = (input, init) => globalThis.fetch(input, init);

/** Installs the process's fetch (Electron: `net.fetch`, after the app is ready). */
export function useFetch(fn: FetchFn): void {
  current = fn;
}

/** What TMDB and the downloads call instead of the global fetch. */
export const httpFetch: FetchFn = (input, init) => current(input, init);
