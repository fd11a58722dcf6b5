/**
 * A local stand-in for Qutoutiao on 127.0.0.1: the CLI reaches it under the real host names
 * through `--connect-to`. It serves the fixture pages at their own paths and the ways a real
 * batch goes wrong: 404, a 500 that clears, a hang, GBK, redirects, a deleted article (the object
 * store's NoSuchKey page) and a page that wants the site's Referer.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

export const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
export const HOST = 'html2.qktoutiao.com';
export const ORIGIN = `http://${HOST}`;

/** Fixture pages by their URL's path, for the pages whose URL is on Qutoutiao. */
export function fixturePages(): { path: string; url: string; file: string; title: string }[] {
  const dir = join(FIXTURES, 'pages');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.expected.json'))
    .flatMap((f) => {
      const expected = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { url: string; title: string };
      const url = new URL(expected.url);
      if (url.hostname !== HOST) return [];
      return [{ path: url.pathname, url: expected.url, file: join(dir, f.replace('.expected.json', '.html')), title: expected.title }];
    });
}

/** Special paths: what each answers. */
export const PATHS = {
  missing: '/detail/2021/01/01/404.html',
  flaky: '/detail/2021/01/01/500.html',
  hang: '/detail/2021/01/01/hang.html',
  gbk: '/detail/2021/08/02/1840000001.html',
  moved: '/detail/2021/01/01/moved.html',
  away: '/detail/2021/01/01/away.html',
  deleted: '/detail/2021/01/01/deleted.html',
  guarded: '/detail/2021/01/01/guarded.html',
};

const NO_SUCH_KEY = `<?xml version="1.0" encoding="UTF-8"?>
<Error>
  <Code>NoSuchKey</Code>
  <Message>The specified key does not exist.</Message>
  <RequestId>61A0C4E1E9F1D83736F0D5A1</RequestId>
  <HostId>html2.qktoutiao.com</HostId>
  <Key>detail/2021/01/01/deleted.html</Key>
</Error>
`;

export interface TestServer {
  port: number;
  /** Requests per path. */
  hits: Map<string, number>;
  /** Referer of the last request per path. */
  referers: Map<string, string | undefined>;
  userAgents: Set<string>;
  /** Milliseconds every fixture page waits before answering (to kill a batch halfway). */
  delayMs: number;
  close(): Promise<void>;
}

export async function startServer(options: { delayMs?: number; pageFor?: Record<string, string> } = {}): Promise<TestServer> {
  const pages = new Map(fixturePages().map((p) => [p.path, p.file]));
  const byName = (name: string) => join(FIXTURES, 'pages', name);
  const hanging = new Set<ServerResponse>();
  const state: TestServer = {
    port: 0,
    hits: new Map(),
    referers: new Map(),
    userAgents: new Set(),
    delayMs: options.delayMs ?? 0,
    close: async () => {
      for (const res of hanging) res.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const send = (res: ServerResponse, status: number, body: string | Buffer, type = 'text/html; charset=utf-8', headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'Content-Type': type, ...headers });
    res.end(body);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    const path = url.pathname;
    state.hits.set(path, (state.hits.get(path) ?? 0) + 1);
    state.referers.set(path, req.headers.referer);
    state.userAgents.add(req.headers['user-agent'] ?? '');
    if (req.headers.host !== HOST && !path.endsWith('.xml')) return send(res, 421, 'wrong host');
    if (path.endsWith('.xml')) return send(res, 200, readFileSync(join(FIXTURES, 'batch', path.slice(1))), 'application/xml; charset=utf-8');
    switch (path) {
      case PATHS.missing:
        return send(res, 404, '<html><body>404 Not Found</body></html>');
      case PATHS.flaky:
        if (state.hits.get(path) === 1) return send(res, 500, '<html><body>500 Internal Server Error</body></html>');
        return send(res, 200, readFileSync(byName('007.html')));
      case PATHS.hang:
        hanging.add(res);
        return;
      case PATHS.gbk:
        // No charset in the header: the page's <meta charset="gbk"> decides.
        return send(res, 200, readFileSync(join(FIXTURES, 'hostile', 'gbk.html')), 'text/html');
      case PATHS.moved:
        return send(res, 301, '', 'text/html', { Location: `${ORIGIN}/detail/2021/11/09/1875054165.html` });
      case PATHS.away:
        return send(res, 302, '', 'text/html', { Location: 'http://example.com/login' });
      case PATHS.deleted:
        return send(res, 404, NO_SUCH_KEY, 'application/xml');
      case PATHS.guarded:
        if (!req.headers.referer?.startsWith(`${ORIGIN}/`)) return send(res, 403, '<html><body>403 Forbidden</body></html>');
        return send(res, 200, readFileSync(byName('011.html')));
    }
    const file = options.pageFor?.[path] ?? pages.get(path);
    if (!file) return send(res, 404, 'not found');
    if (state.delayMs) await new Promise((r) => setTimeout(r, state.delayMs));
    return send(res, 200, readFileSync(file));
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e) => send(res, 500, String(e)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.port = (server.address() as AddressInfo).port;
  return state;
}

/** `--connect-to` for every host the tests name: all of them land on the local server. */
export const connectTo = (server: TestServer) => ['--connect-to', `::127.0.0.1:${server.port}`];
