// The page's security policy, kept free of Electron imports so it can be unit-tested: the CSP that
// main sends (and index.html repeats for file://, where no response headers exist), and which frames
// may talk to main.
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'", // Vue's scoped style attributes
  // Posters come only through main's reeltaste-poster:// protocol (posters/protocol.ts).
  "img-src 'self' data: reeltaste-poster:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** Only our own page may talk to main: a frame from anywhere else gets nothing. */
export function isTrustedSender(frameUrl: string | undefined, devUrl: string | undefined): boolean {
  if (!frameUrl) return false;
  if (devUrl) return new URL(frameUrl).origin === new URL(devUrl).origin;
  return frameUrl.startsWith('file://');
}

/** In-app navigation stays on the app's own origin; anything else is refused. */
export function isAllowedNavigation(url: string, devUrl: string | undefined): boolean {
  return isTrustedSender(url, devUrl);
}
