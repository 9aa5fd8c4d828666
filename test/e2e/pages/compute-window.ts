// The compute window's page (out/renderer/compute.html) in Debian's Chromium with WebGPU on,
// served from 127.0.0.1 (a secure context: navigator.gpu exists; SwiftShader gives the adapter).
// The test plays the preload's part: it hands the page one MessagePort, and bridges that port's
// messages to a ComputeChannel, the transport the worker's compute-window provider speaks.
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Server } from 'node:http';
import type { ComputeChannel } from '../../../main/model/gpu/compute-window/worker/client.ts';
import type { FromCompute, ToCompute } from '../../../main/model/gpu/compute-window/protocol.ts';
import { chromiumPath, serveRenderer } from '../harness.ts';

const args = [
  '--headless',
  '--no-sandbox',
  '--enable-unsafe-webgpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export class ComputeWindowPage {
  private browser: Browser | undefined;
  private server: Server | undefined;
  page: Page | undefined;
  readonly pageErrors: string[] = [];

  /** Opens a fresh compute page and returns the channel to it (what main's connector gives the worker). */
  async connect(): Promise<ComputeChannel> {
    if (!this.server) this.server = (await serveRenderer()).server;
    const addr = this.server.address();
    const url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/compute.html`;
    this.browser ??= await chromium.launch({ executablePath: chromiumPath, args });
    const page = await this.browser.newPage();
    this.page = page;
    page.on('pageerror', (e) => this.pageErrors.push(e.message));
    const listeners: ((m: FromCompute) => void)[] = [];
    const closers: (() => void)[] = [];
    await page.exposeBinding('__computeOut', (_src, m: FromCompute) => listeners.forEach((l) => l(m)));
    page.on('close', () => closers.forEach((c) => c()));
    page.on('crash', () => closers.forEach((c) => c()));
    await page.goto(url);
    await page.evaluate(() => {
      const { port1, port2 } = new MessageChannel();
      const w = window as unknown as { __computeIn(m: unknown): void; __computeOut(m: unknown): void };
      port1.onmessage = (e) => w.__computeOut(e.data);
      w.__computeIn = (m) => port1.postMessage(m);
      window.postMessage('reeltaste-compute-port', '*', [port2]);
    });
    await page.waitForFunction(() => document.title.includes('ready'));
    return {
      send: (m: ToCompute) => {
        page
          .evaluate((msg) => (window as unknown as { __computeIn(m: unknown): void }).__computeIn(msg), m)
          .catch(() => {});
      },
      onMessage: (l) => listeners.push(l),
      onClose: (l) => closers.push(l),
    };
  }

  async close(): Promise<void> {
    await this.browser?.close();
    this.server?.close();
    this.browser = undefined;
    this.server = undefined;
  }
}
