// The renderer's security policy and the data folder rule the CLI shares with the app.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, isAllowedNavigation, isTrustedSender } from '../../main/security.ts';
import { appDataDir, resolveDataDir } from '../../main/paths.ts';
import { POSTER_SCHEME } from '../../main/posters/protocol.ts';

describe('security policy', () => {
  it('index.html carries the same CSP main sends (file:// pages get no headers)', () => {
    const html = readFileSync(new URL('../../renderer/index.html', import.meta.url), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
  });

  it('lets images come only from the app, data: URLs and the poster protocol (no file://, no remote host)', () => {
    const img = /(?:^|; )img-src ([^;]+)/.exec(CONTENT_SECURITY_POLICY)?.[1]?.split(' ');
    expect(img).toEqual(["'self'", 'data:', `${POSTER_SCHEME}:`]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/file:|https?:/);
  });

  it('trusts only the app page as an IPC sender', () => {
    expect(
      isTrustedSender('file:///opt/Reeltaste/resources/app.asar/out/renderer/index.html', undefined),
    ).toBe(true);
    expect(isTrustedSender('https://evil.example/', undefined)).toBe(false);
    expect(isTrustedSender(undefined, undefined)).toBe(false);
    expect(isTrustedSender('http://localhost:5173/#/arena', 'http://localhost:5173')).toBe(true);
    expect(isTrustedSender('http://localhost:5174/', 'http://localhost:5173')).toBe(false);
    expect(isAllowedNavigation('https://www.imdb.com/title/tt0114709/', undefined)).toBe(false);
  });
});

describe('data folder', () => {
  it('matches Electron userData per platform', () => {
    expect(appDataDir({ XDG_CONFIG_HOME: '/x/cfg' }, 'linux')).toBe('/x/cfg');
    expect(appDataDir({ APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'win32')).toBe(
      'C:\\Users\\a\\AppData\\Roaming',
    );
    expect(appDataDir({}, 'darwin')).toMatch(/Library\/Application Support$/);
  });

  it('prefers --data-dir, then REELTASTE_DATA_DIR, then <appData>/Reeltaste', () => {
    expect(resolveDataDir('/flag', { REELTASTE_DATA_DIR: '/env' })).toBe('/flag');
    expect(resolveDataDir(undefined, { REELTASTE_DATA_DIR: '/env' })).toBe('/env');
    expect(resolveDataDir(undefined, { XDG_CONFIG_HOME: '/cfg' })).toBe(join('/cfg', 'Reeltaste'));
  });
});
