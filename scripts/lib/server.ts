/**
 * A tiny static file server for the demo and test pages, bound to 127.0.0.1 on a random port.
 * It serves only the folders it is given and never contacts any other address.
 *
 *   const server = await startStaticServer({ '/demo/': demoDir, '/fixtures/': fixturesDir });
 *   server.url('/demo/article.html')  // http://127.0.0.1:41234/demo/article.html
 */
import { createServer, type Server } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { AddressInfo } from 'node:net';

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

export interface StaticServer {
  readonly origin: string;
  url(path: string): string;
  close(): Promise<void>;
}

export interface StaticServerOptions {
  /** Extra response headers for a served path (a page's `content-security-policy`, say). */
  headers?: (path: string) => Record<string, string>;
}

/** `mounts` maps a URL prefix ending in `/` to a folder on disk. */
export async function startStaticServer(mounts: Record<string, string>, options: StaticServerOptions = {}): Promise<StaticServer> {
  const entries = Object.entries(mounts).sort((a, b) => b[0].length - a[0].length);
  const server: Server = createServer((req, res) => {
    void (async () => {
      let path: string;
      try {
        path = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
      } catch {
        // Saved real pages ask for URLs with stray `%`: a bad request, never a crashed server.
        res.writeHead(400).end('bad request');
        return;
      }
      const mount = entries.find(([prefix]) => path.startsWith(prefix));
      if (!mount || (req.method !== 'GET' && req.method !== 'HEAD')) {
        res.writeHead(404).end('not found');
        return;
      }
      const [prefix, folder] = mount;
      const rel = normalize(path.slice(prefix.length) || 'index.html');
      if (rel.startsWith('..') || rel.includes(`${sep}..`)) {
        res.writeHead(403).end('forbidden');
        return;
      }
      const file = join(folder, rel);
      try {
        if (!(await stat(file)).isFile()) throw new Error('not a file');
        const body = await readFile(file);
        res.writeHead(200, {
          ...options.headers?.(path),
          'content-type': types[extname(file)] ?? 'application/octet-stream',
          'cache-control': 'no-store',
        });
        res.end(req.method === 'HEAD' ? undefined : body);
      } catch {
        res.writeHead(404).end('not found');
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    url: (path) => origin + (path.startsWith('/') ? path : `/${path}`),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
