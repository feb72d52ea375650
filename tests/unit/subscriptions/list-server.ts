/**
 * A real HTTP server on 127.0.0.1 (random port) serving published lists, with ETag and
 * Last-Modified, answering 304 to matching conditional requests. Tests change what a path
 * serves between calls and read back the requests it received.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Served {
  body: string;
  contentType?: string;
  status?: number;
  etag?: string;
  /** HTTP date. */
  lastModified?: string;
}

export interface ListServer {
  url(path: string): string;
  serve(path: string, served: Served): void;
  requests: { path: string; headers: IncomingHttpHeaders; status: number }[];
  close(): Promise<void>;
}

export async function startListServer(): Promise<ListServer> {
  const routes = new Map<string, Served>();
  const requests: ListServer['requests'] = [];
  const server: Server = createServer((req, res) => {
    const path = req.url ?? '/';
    const served = routes.get(path);
    const answer = (status: number, headers: Record<string, string> = {}, body = '') => {
      requests.push({ path, headers: req.headers, status });
      res.writeHead(status, headers);
      res.end(body);
    };
    if (!served) return answer(404, { 'content-type': 'text/plain' }, 'no such list');
    const validators: Record<string, string> = {};
    if (served.etag) validators.etag = served.etag;
    if (served.lastModified) validators['last-modified'] = served.lastModified;
    const inm = req.headers['if-none-match'];
    const ims = req.headers['if-modified-since'];
    const status = served.status ?? 200;
    if (status === 200) {
      if (inm !== undefined ? served.etag !== undefined && inm === served.etag : ims !== undefined && served.lastModified !== undefined && Date.parse(ims) >= Date.parse(served.lastModified)) {
        return answer(304, validators);
      }
    }
    answer(status, { 'content-type': served.contentType ?? 'application/json', ...validators }, served.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    serve: (path, served) => void routes.set(path, served),
    requests,
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}

/** A list file in the CONTRACT §2 format. */
export function listFile(entities: object[], header: Record<string, unknown> = {}): string {
  return JSON.stringify({ format: 'backstory.entities', version: 1, ...header, entities });
}
