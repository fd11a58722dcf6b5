/**
 * The local stand-in for the news sites, shared by the e2e suite and `npm run demo`.
 * One port on 127.0.0.1 answers HTTP and HTTPS (the first byte of a connection decides: 0x16 is a
 * TLS handshake), so Chromium's `--host-resolver-rules` can send `html2.qktoutiao.com`,
 * `www.ql1d.com` and friends here for both schemes and the manifest's real `matches` fire.
 * Nothing leaves the machine: images and scripts the pages reference are answered locally.
 */
import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { join, resolve } from 'node:path';
import { generate } from 'selfsigned';
import { siteHostPatterns } from '../../utils/sites/registry';
import { siteCases } from './site-fixtures';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const PAGES_DIR = join(ROOT, 'tests', 'fixtures', 'pages');
export const EXTRA_DIR = join(ROOT, 'tests', 'fixtures', 'e2e');

/** The generic pages' host (`EXTRA_PAGES`): no site rule names it. */
const GENERIC_TEST_HOSTS = ['news.example.org'];

/**
 * Host names the browser maps to the server, everything else resolving to nothing: every page and
 * image host of the sites registry, a `*.` pattern also as its bare domain (Chromium's `MAP *.x`
 * does not cover `x`), and the generic pages' host.
 */
export const MAPPED_HOSTS = [...new Set([...siteHostPatterns().flatMap((h) => (h.startsWith('*.') ? [h, h.slice(2)] : [h])), ...GENERIC_TEST_HOSTS])];

export interface FixturePage {
  /** `006`, `028-ql`, a site case's name (`089`, `article`), or an extra page (`hostile`, `home`, `generic`). */
  name: string;
  /** The page's real URL (its expected url for the fixtures). */
  url: string;
  file: string;
}

/**
 * Article images are answered with a small SVG placeholder naming the file: it loads fast, never
 * leaves the machine, and shows up in screenshots as a picture rather than a 1-pixel dot.
 */
function placeholderImage(path: string): string {
  const name = path.split('/').pop()?.replace(/[^\w.-]/g, '') ?? '';
  return `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="360" viewBox="0 0 640 360"><rect width="640" height="360" fill="#d8d2c4"/><path d="M0 300 L180 170 L300 260 L420 150 L640 320 L640 360 L0 360 Z" fill="#b9ae98"/><circle cx="520" cy="80" r="36" fill="#efe9dc"/><text x="24" y="44" font-family="sans-serif" font-size="20" fill="#5d5442">${name}</text></svg>`;
}
const PIXEL_GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

/** The pages the suite adds to the golden fixtures, with the URL each is served at. */
export const EXTRA_PAGES: Record<string, string> = {
  home: 'http://html2.qktoutiao.com/',
  'ql-home': 'https://www.ql1d.com/',
  hostile: 'http://html2.qktoutiao.com/detail/2099/01/01/1000000001.html',
  generic: 'https://news.example.org/2024/05/20/city-library-night.html',
  'other-host': 'http://news.example.org/',
};

export function listFixturePages(): FixturePage[] {
  const pages: FixturePage[] = readdirSync(PAGES_DIR)
    .filter((f) => f.endsWith('.expected.json'))
    .sort()
    .map((f) => {
      const name = f.replace(/\.expected\.json$/, '');
      const { url } = JSON.parse(readFileSync(join(PAGES_DIR, f), 'utf8')) as { url: string };
      return { name, url, file: join(PAGES_DIR, `${name}.html`) };
    });
  for (const c of siteCases()) {
    const { url } = JSON.parse(readFileSync(c.expected, 'utf8')) as { url: string };
    pages.push({ name: c.name, url, file: c.page });
  }
  for (const [name, url] of Object.entries(EXTRA_PAGES)) pages.push({ name, url, file: join(EXTRA_DIR, `${name}.html`) });
  return pages;
}

export interface RequestLog {
  method: string;
  host: string;
  path: string;
  /** Path and query, as requested. */
  url: string;
  tls: boolean;
  status: number;
}

export interface FixtureServer {
  port: number;
  pages: FixturePage[];
  /** Every request the server answered, in order (for "the reader never fetched the beacon"). */
  log: RequestLog[];
  page(name: string): FixturePage;
  /** `--host-resolver-rules` for Chromium: the mapped hosts to this port, the rest to nowhere. */
  hostResolverRules(): string;
  close(): Promise<void>;
}

function keyOf(host: string, path: string): string {
  return `${host.toLowerCase()}${path}`;
}

/** What a test-specific route answers; `undefined` leaves the request to the fixture pages. */
export interface RouteAnswer {
  status: number;
  type: string;
  body: Buffer | string;
}

export interface RouteRequest {
  host: string;
  path: string;
  tls: boolean;
  headers: http.IncomingHttpHeaders;
}

export interface FixtureServerOptions {
  /** Asked first for every request (the images test's Referer-checking image host). */
  route?: (req: RouteRequest) => RouteAnswer | undefined;
}

export async function startFixtureServer(opts: FixtureServerOptions = {}): Promise<FixtureServer> {
  const pages = listFixturePages();
  const byHostPath = new Map<string, FixturePage>();
  const byPath = new Map<string, FixturePage>();
  for (const p of pages) {
    const u = new URL(p.url);
    byHostPath.set(keyOf(u.host, u.pathname), p);
    // Qutoutiao reposts and Qilu originals share no paths, so a path alone finds a fixture on either host.
    if (u.pathname !== '/' && !byPath.has(u.pathname)) byPath.set(u.pathname, p);
  }
  const log: RequestLog[] = [];

  const handler = (tls: boolean) => (req: http.IncomingMessage, res: http.ServerResponse) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const send = (status: number, type: string, body: Buffer | string) => {
      log.push({ method: req.method ?? 'GET', host, path, url: req.url ?? '/', tls, status });
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    const routed = opts.route?.({ host, path, tls, headers: req.headers });
    if (routed) return send(routed.status, routed.type, routed.body);
    const page = byHostPath.get(keyOf(host, path)) ?? (path === '/' ? undefined : byPath.get(path));
    if (page) return send(200, 'text/html; charset=utf-8', readFileSync(page.file));
    if (path === '/') {
      const home = host.endsWith('ql1d.com') ? 'ql-home' : host === 'news.example.org' ? 'other-host' : 'home';
      return send(200, 'text/html; charset=utf-8', readFileSync(join(EXTRA_DIR, `${home}.html`)));
    }
    if (/\.(png|jpe?g|webp)$/i.test(path)) return send(200, 'image/svg+xml', placeholderImage(path));
    if (/\.gif$/i.test(path)) return send(200, 'image/gif', PIXEL_GIF);
    if (/\.js$/i.test(path)) return send(200, 'text/javascript', '');
    if (/\.css$/i.test(path)) return send(200, 'text/css', '');
    return send(404, 'text/plain', 'not found');
  };

  const pems = await generate([{ name: 'commonName', value: 'hexo-clipper-fixtures' }], {
    keySize: 2048,
    extensions: [
      {
        name: 'subjectAltName',
        altNames: [
          ...MAPPED_HOSTS.map((h) => ({ type: 2 as const, value: h })),
          { type: 7 as const, ip: '127.0.0.1' },
        ],
      },
    ],
  });
  const httpServer = http.createServer(handler(false));
  const httpsServer = https.createServer({ key: pems.private, cert: pems.cert }, handler(true));
  const sockets = new Set<net.Socket>();
  const front = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.once('data', (first) => {
      socket.pause();
      socket.unshift(first);
      (first[0] === 0x16 ? httpsServer : httpServer).emit('connection', socket);
      process.nextTick(() => socket.resume());
    });
  });
  await new Promise<void>((ok, fail) => {
    front.once('error', fail);
    front.listen(0, '127.0.0.1', () => ok());
  });
  const port = (front.address() as net.AddressInfo).port;

  return {
    port,
    pages,
    log,
    page(name) {
      const p = pages.find((x) => x.name === name);
      if (!p) throw new Error(`no fixture page named ${name}`);
      return p;
    },
    hostResolverRules() {
      const maps = MAPPED_HOSTS.map((h) => `MAP ${h} 127.0.0.1:${port}`);
      return [...maps, 'MAP * ~NOTFOUND', 'EXCLUDE 127.0.0.1'].join(', ');
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((ok) => front.close(() => ok()));
      httpServer.close();
      httpsServer.close();
    },
  };
}
