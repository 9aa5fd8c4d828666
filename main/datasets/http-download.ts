// One file over HTTP(S) into a .part file: resumes with a Range request after a dropped connection
// (and across runs), retries with backoff, checks an MD5 when the publisher gives one, and only then
// renames the file into place. Cancel aborts the request and keeps the .part for next time.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { once } from 'node:events';
import { AppError } from '../errors.ts';
import { cancelled } from '../jobs/registry.ts';
import { httpFetch } from '../net/fetch.ts';

export interface DownloadOptions {
  signal?: AbortSignal;
  /** Expected MD5 (hex) of the whole file. */
  md5?: string;
  retries?: number;
  onProgress?: (done: number, total: number | undefined) => void;
  /** Base delay between retries, ms (doubles each time). */
  backoffMs?: number;
}

export interface Downloaded {
  path: string;
  bytes: number;
  md5: string;
  /** Requests that continued a partial file. */
  resumed: number;
  attempts: number;
}

export async function downloadFile(
  url: string,
  dest: string,
  opts: DownloadOptions = {},
): Promise<Downloaded> {
  const part = `${dest}.part`;
  const retries = opts.retries ?? 4;
  let resumed = 0;
  let lastError: Error | undefined;
  for (let attempt = 1; attempt <= retries + 1; attempt++) {
    if (opts.signal?.aborted) throw cancelled();
    try {
      const have = (await stat(part).catch(() => null))?.size ?? 0;
      const res = await httpFetch(url, {
        signal: opts.signal,
        headers: have > 0 ? { range: `bytes=${have}-` } : {},
      });
      if (res.status === 416) {
        // Our .part is not a prefix of what the server has now: start over.
        await rm(part, { force: true });
        throw new Error('the server refused to resume (416)');
      }
      if (res.status === 404) throw new AppError('NOT_FOUND', `${url} was not found on the server (404).`);
      if (!res.ok || !res.body) throw new Error(`HTTP ${res.status} ${res.statusText}`);
      const append = res.status === 206 && have > 0;
      if (append) resumed++;
      const start = append ? have : 0;
      const length = Number(res.headers.get('content-length') ?? NaN);
      const total = Number.isFinite(length) ? start + length : undefined;
      const out = createWriteStream(part, { flags: append ? 'a' : 'w' });
      let done = start;
      try {
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          if (!out.write(chunk)) await once(out, 'drain');
          done += chunk.length;
          opts.onProgress?.(done, total);
        }
      } finally {
        out.end();
        await once(out, 'close');
      }
      if (total !== undefined && done !== total)
        throw new Error(`the connection closed after ${done} of ${total} bytes`);
      const md5 = await fileMd5(part);
      if (opts.md5 && md5 !== opts.md5.toLowerCase()) {
        await rm(part, { force: true });
        throw new AppError(
          'BAD_FILE',
          `${url}: the download's MD5 checksum is ${md5}, but the publisher lists ${opts.md5}. The damaged file was deleted; try again.`,
        );
      }
      await rename(part, dest);
      return { path: dest, bytes: done, md5, resumed, attempts: attempt };
    } catch (err) {
      if (opts.signal?.aborted) throw cancelled();
      if (err instanceof AppError) throw err;
      lastError = err as Error;
      if (attempt <= retries) await sleep((opts.backoffMs ?? 500) * 2 ** (attempt - 1), opts.signal);
    }
  }
  throw new AppError(
    'INTERNAL',
    `Could not download ${url} after ${retries + 1} tries: ${lastError?.message ?? 'unknown error'}. Run it again to resume.`,
  );
}

/** Fetches a small text file (e.g. a .md5 listing); undefined when the server has none. */
export async function fetchText(url: string, signal?: AbortSignal): Promise<string | undefined> {
  try {
    const res = await httpFetch(url, { signal });
    return res.ok ? await res.text() : undefined;
  } catch (err) {
    if (signal?.aborted) throw cancelled();
    void err;
    return undefined;
  }
}

export async function fileMd5(path: string): Promise<string> {
  const hash = createHash('md5');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}
