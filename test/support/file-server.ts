// A file server on 127.0.0.1 for download tests (never a real host): serves fixed bodies by path,
// answers Range requests (206/416) as GroupLens and IMDb do, and can misbehave once per file (drop
// the connection, or stall) to exercise resume. Every request is logged with its Range header.
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { dataPath } from './shared-data.ts';
import { zipBuffer } from './zip-writer.ts';

export interface Served {
  body: Buffer;
  /** Close the connection after this many bytes on the first full request. */
  dropAfter?: number;
  /** Send this many bytes on the first full request, then hang (until the client gives up). */
  stallAfter?: number;
}

export interface FileServer {
  /** http://127.0.0.1:PORT (no trailing slash). */
  base: string;
  files: Map<string, Served>;
  requests: { path: string; range?: string }[];
  close(): void;
}

export async function startFileServer(files = new Map<string, Served>()): Promise<FileServer> {
  const requests: FileServer['requests'] = [];
  const server: Server = createServer((req, res) => {
    const path = req.url ?? '';
    requests.push({ path, range: req.headers.range });
    const f = files.get(path);
    if (!f) return void res.writeHead(404).end();
    const m = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    if (m) {
      const from = Number(m[1]);
      if (from >= f.body.length) return void res.writeHead(416).end();
      res.writeHead(206, {
        'content-length': f.body.length - from,
        'content-range': `bytes ${from}-${f.body.length - 1}/${f.body.length}`,
      });
      return void res.end(f.body.subarray(from));
    }
    res.writeHead(200, { 'content-length': f.body.length, 'accept-ranges': 'bytes' });
    if (f.stallAfter) {
      const cut = f.stallAfter;
      f.stallAfter = undefined;
      res.write(f.body.subarray(0, cut));
      return;
    }
    if (f.dropAfter) {
      const cut = f.dropAfter;
      f.dropAfter = undefined; // only the first time
      res.write(f.body.subarray(0, cut), () => setTimeout(() => res.socket?.destroy(), 20));
      return;
    }
    res.end(f.body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  return {
    base: `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`,
    files,
    requests,
    close() {
      server.closeAllConnections();
      server.close();
    },
  };
}

/** A GroupLens-style zip of the real ml-latest-small files, or of `folder` (built at test time, never stored). */
export function movieLensZip(
  names = ['links.csv', 'movies.csv', 'ratings.csv'],
  folder = dataPath('ml-latest-small'),
): Buffer {
  return zipBuffer(names.map((n) => ({ name: `ml-latest-small/${n}`, data: join(folder, n) })));
}

/** The .md5 listing GroupLens publishes beside a zip. */
export function md5Listing(body: Buffer, name: string): Buffer {
  return Buffer.from(`${createHash('md5').update(body).digest('hex')}  ${name}\n`);
}
