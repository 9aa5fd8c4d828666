// The one fetch every HTTP client in the app goes through (TMDB, dataset downloads). The CLI keeps
// Node's fetch; the Electron app swaps in Electron's net.fetch at start (main/index.ts), which uses
// Chromium's network stack (Electron's docs/api/net.md, `net.fetch`) and so the system proxy
// configuration, wpad and PAC files and authenticating proxies (net.md's intro), which Node's fetch
// ignores. Certificates are then verified by Chromium against the platform's store; Electron's docs
// do not say so (docs/breaking-changes.md mentions the platform certificate store only for client
// certificates).

export type FetchFn = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

let current: FetchFn = (input, init) => globalThis.fetch(input, init);

/** Installs the process's fetch (Electron: `net.fetch`, after the app is ready). */
export function useFetch(fn: FetchFn): void {
  current = fn;
}

/** What TMDB and the downloads call instead of the global fetch. */
export const httpFetch: FetchFn = (input, init) => current(input, init);
