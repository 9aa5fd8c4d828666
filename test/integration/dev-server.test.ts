// Under `npm run dev` the compute window loads compute.html from the renderer dev server: the page
// and every script it pulls in must be served (a script outside the Vite root answered 404, so the
// compute page never answered and every auto/gpu training hung).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type ViteDevServer } from 'vite';
import config from '../../electron.vite.config.ts';

let server: ViteDevServer;
let base: string;

beforeAll(async () => {
  const { renderer } = config as { renderer: Record<string, unknown> };
  server = await createServer({
    ...renderer,
    configFile: false,
    logLevel: 'silent',
    server: { host: '127.0.0.1', port: 0, strictPort: false, hmr: false },
  });
  await server.listen();
  const addr = server.httpServer!.address();
  base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/`;
});
afterAll(() => server?.close());

/**
 * Fetches a module and, breadth first, the local modules it imports (up to `limit`): url → HTTP
 * status, negated when the answer was not JavaScript.
 */
async function crawl(entry: string, limit = 40): Promise<Map<string, number>> {
  const status = new Map<string, number>();
  const queue = [entry];
  while (queue.length && status.size < limit) {
    const url = queue.shift()!;
    if (status.has(url)) continue;
    const res = await fetch(url);
    // Vite answers an unknown path with index.html (its SPA fallback): that is not the script.
    const js = /javascript/.test(res.headers.get('content-type') ?? '');
    status.set(url, res.ok && !js ? -res.status : res.status);
    if (!res.ok || !js) continue;
    const code = await res.text();
    for (const m of code.matchAll(/(?:import|from)\s*["']([^"']+)["']/g)) {
      const spec = m[1]!;
      if (spec.startsWith('/@vite/') || spec.startsWith('/@id/')) continue;
      if (spec.startsWith('/') || spec.startsWith('.')) queue.push(new URL(spec, url).href);
    }
  }
  return status;
}

describe('renderer dev server', () => {
  it('serves compute.html and every script the compute page loads', async () => {
    const page = await fetch(new URL('compute.html', base));
    expect(page.status).toBe(200);
    const html = await page.text();
    const scripts = [...html.matchAll(/<script[^>]+src="([^"]+)"/g)]
      .map((m) => m[1]!)
      .filter((s) => !s.startsWith('/@vite/'));
    expect(scripts.length).toBeGreaterThan(0);
    for (const src of scripts) {
      const status = await crawl(new URL(src, new URL('compute.html', base)).href);
      const failed = [...status].filter(([, s]) => s !== 200);
      expect(failed).toEqual([]);
      // The crawl reached the page's own code (main/model/gpu/compute-window/page/index.ts), not just the stub.
      expect([...status.keys()].some((u) => u.includes('gpu/compute-window/page/index.ts'))).toBe(true);
    }
  });
});
