// End-to-end harness: Debian's Chromium (via playwright-core) shows the built renderer, and
// window.api is the real contract bridge (preload/bridge.ts) wired to the real main-process services
// over Playwright's exposeBinding. Only Electron's IPC transport is swapped; nothing is faked.
import { createServer, type Server } from 'node:http';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createServices, type Services } from '../../main/compose/services.ts';
import { createHandlers } from '../../main/ipc/handlers.ts';
import { dispatch, type Handlers } from '../../main/ipc/dispatch.ts';
import { ipcCopy } from './ipc-copy.ts';
import { eventChannels, invokeChannels } from '../../main/ipc/contract.ts';
import { nodeSpawner } from '../../main/worker/spawn-node.ts';
import { buildApi } from '../../preload/bridge.ts';
import { tempDir } from '../support/tmp.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const rendererDir = join(root, 'out/renderer');
export const screenshotDir = join(root, 'test-results/screenshots');

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const launchArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** Serves out/renderer on loopback (Chromium will not load ES modules from file://). */
export function serveRenderer(): Promise<{ server: Server; url: string }> {
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new Error(`No built renderer at ${rendererDir}: run \`npm run build\` first (npm test does).`);
  }
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(
      /^(\.\.[/\\])+/,
      '',
    );
    const file = join(rendererDir, path === '/' ? 'index.html' : path);
    if (!file.startsWith(rendererDir) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res
      .writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' })
      .end(readFileSync(file));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const addr = server.address();
      resolve({ server, url: `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/` });
    }),
  );
}

function bridgeScript(): string {
  return `(() => {
    const listeners = new Map();
    window.__reeltasteEmit = (event, payload) => { for (const l of listeners.get(event) ?? []) l(payload); };
    window.__reeltasteFilePaths = {};
    const transport = {
      invoke: (channel, input) => window.__reeltasteInvoke(channel, input),
      subscribe: (event, listener) => {
        if (!listeners.has(event)) listeners.set(event, new Set());
        listeners.get(event).add(listener);
        return () => listeners.get(event).delete(listener);
      },
      pathForFile: (file) => window.__reeltasteFilePaths[file.name] ?? '',
    };
    const buildApi = ${buildApi.toString()};
    Object.defineProperty(window, 'api', {
      value: buildApi(${JSON.stringify(invokeChannels)}, ${JSON.stringify(eventChannels)}, transport),
      writable: false,
    });
  })();`;
}

export interface Harness {
  page: Page;
  services: Services;
  handlers: Handlers;
  dataDir: string;
  url: string;
  /** Every invoke channel the page called and every task the compute worker was asked to run, in order. */
  calls: { invokes: string[]; worker: string[] };
  /** Simulates dropping files from disk on the window (as Electron's webUtils would resolve them). */
  dropFiles(paths: string[]): Promise<void>;
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  colorScheme?: 'light' | 'dark';
  /** Lets a test prepare the data folder (e.g. import a dataset) before the page loads. */
  beforeLoad?(services: Services): Promise<void> | void;
}

let browser: Browser | undefined;

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const dir = tempDir('reeltaste-e2e-');
  const services = createServices({ dataDir: dir.path, spawner: nodeSpawner() });
  await options.beforeLoad?.(services);
  const handlers = createHandlers(services);
  // Counted for the cost tests (what one keypress costs): the page's invokes and the worker's tasks.
  const calls: Harness['calls'] = { invokes: [], worker: [] };
  const run = services.worker.run.bind(services.worker);
  services.worker.run = ((task, input, opts) => {
    calls.worker.push(task);
    return run(task, input, opts);
  }) as typeof services.worker.run;
  const { server, url } = await serveRenderer();
  browser ??= await chromium.launch({ executablePath: chromiumPath, args: launchArgs });
  const context: BrowserContext = await browser.newContext({
    viewport: { width: 1280, height: 820 },
    colorScheme: options.colorScheme ?? 'light',
  });
  // Electron answers reeltaste-poster:// in main (posters/electron.ts); here the same Node handler
  // answers it through Playwright's routing.
  await context.route(/^reeltaste-poster:/, async (route) => {
    const res = await services.posters.respond(route.request().url());
    await route.fulfill({
      status: res.status,
      headers: Object.fromEntries(res.headers),
      body: Buffer.from(await res.arrayBuffer()),
    });
  });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  // Electron's IPC copies both ways with the structured clone algorithm (docs/api/ipc-renderer.md
  // `ipcRenderer.invoke`, docs/api/web-contents.md `contents.send`): a value it cannot
  // copy (a function, a class with methods it would strip, a native handle) must fail here too.
  await page.exposeBinding('__reeltasteInvoke', async (_source, channel: unknown, input: unknown) => {
    calls.invokes.push(String(channel));
    return ipcCopy(await dispatch(handlers, channel, ipcCopy(input)));
  });
  await page.addInitScript({ content: bridgeScript() });
  const detach = services.events.add({
    emit: (event, payload) => {
      const copied = ipcCopy(payload);
      page
        .evaluate(
          ([e, p]) =>
            (window as unknown as { __reeltasteEmit(e: unknown, p: unknown): void }).__reeltasteEmit(e, p),
          [event, copied] as const,
        )
        .catch(() => {});
    },
  });
  await page.goto(url);
  mkdirSync(screenshotDir, { recursive: true });

  return {
    page,
    services,
    handlers,
    dataDir: dir.path,
    url,
    calls,
    async dropFiles(paths) {
      const names = paths.map((p) => p.split('/').pop() ?? p);
      await page.evaluate(
        ({ names, paths }) => {
          const w = window as unknown as { __reeltasteFilePaths: Record<string, string> };
          const dt = new DataTransfer();
          names.forEach((name, i) => {
            w.__reeltasteFilePaths[name] = paths[i]!;
            dt.items.add(new File(['(contents are read by main from disk)'], name));
          });
          window.dispatchEvent(new DragEvent('dragenter', { dataTransfer: dt, bubbles: true }));
          window.dispatchEvent(
            new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }),
          );
          window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
        },
        { names, paths },
      );
    },
    async screenshot(name) {
      const file = join(screenshotDir, `${name}.png`);
      await page.screenshot({ path: file });
      return file;
    },
    async close() {
      detach();
      await context.close();
      server.close();
      services.shutdown();
      dir.remove();
      if (pageErrors.length) throw new Error(`Errors in the page: ${pageErrors.join('; ')}`);
    },
  };
}

export async function closeBrowser(): Promise<void> {
  await browser?.close();
  browser = undefined;
}
