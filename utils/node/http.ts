/**
 * Fetching article pages politely: Node's own fetch (undici) with a browser's User-Agent and the
 * site's Referer, a per-host limit on concurrent requests and a pause between them, a timeout,
 * retries with backoff on network errors and 5xx (never on 4xx), the charset from the header or
 * the page, and redirects followed only within the named sites.
 */
import { Agent, buildConnector } from 'undici';
import { ruleForHost } from '../sites';

export const BROWSER_UA =
  'Mozilla/5.0 (Linux; Android 12; Pixel 6) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36';

/** curl's `--connect-to HOST:PORT:ADDR:PORT2`; an empty HOST or PORT matches any. */
export interface ConnectTo {
  host: string;
  port: string;
  addr: string;
  port2: string;
}

export function parseConnectTo(spec: string): ConnectTo {
  // An IPv6 address is bracketed, as curl writes it.
  const m = /^([^:[\]]*|\[[^\]]*\]):(\d*):([^:[\]]*|\[[^\]]*\]):(\d*)$/.exec(spec);
  if (!m) throw new Error(`--connect-to: expected HOST:PORT:ADDR:PORT2, got "${spec}"`);
  const unbracket = (s: string) => s.replace(/^\[(.*)\]$/, '$1');
  return { host: unbracket(m[1] as string).toLowerCase(), port: m[2] as string, addr: unbracket(m[3] as string), port2: m[4] as string };
}

/** Where a connection to host:port really goes: the first matching `--connect-to`, else itself. */
export function connectTarget(rules: ConnectTo[], host: string, port: string): { host: string; port: string } {
  const h = host.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  for (const r of rules) {
    if ((r.host === '' || r.host === h) && (r.port === '' || r.port === port)) return { host: r.addr || h, port: r.port2 || port };
  }
  return { host: h, port };
}

export type FetchFailure = 'timeout' | 'network' | 'http-4xx' | 'http-5xx' | 'deleted' | 'redirect-elsewhere' | 'not-html' | 'too-large';

export type PageResult = { ok: true; url: string; html: string; status: number } | { ok: false; reason: FetchFailure; message: string; status?: number };

export interface FetcherOptions {
  connectTo?: ConnectTo[];
  /** Per request attempt. */
  timeoutMs?: number;
  /** Attempts after the first, on network errors, timeouts and 5xx. */
  retries?: number;
  /** First backoff; doubles on each retry. */
  backoffMs?: number;
  /** Requests started per second per host. */
  rate?: number;
  /** Requests in flight per host. */
  perHost?: number;
  maxBytes?: number;
  userAgent?: string;
}

/** One queue per host: at most `perHost` in flight, starts at least 1/rate s apart. */
class HostGate {
  private active = 0;
  private nextStart = 0;
  private waiting: (() => void)[] = [];
  constructor(
    private perHost: number,
    private gapMs: number,
  ) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.perHost) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      const now = Date.now();
      const at = Math.max(now, this.nextStart);
      this.nextStart = at + this.gapMs;
      if (at > now) await sleep(at - now);
      return await task();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The charset a response declares in its header, else in the page's first bytes. */
export function charsetOf(contentType: string | null, bytes: Uint8Array): string {
  const fromHeader = /charset\s*=\s*["']?([\w-]+)/i.exec(contentType ?? '')?.[1];
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 4096)).toString('latin1');
  const fromPage = /<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)/i.exec(head)?.[1];
  return (fromHeader ?? fromPage ?? 'utf-8').toLowerCase();
}

export function decodePage(contentType: string | null, bytes: Uint8Array): string {
  const charset = charsetOf(contentType, bytes);
  try {
    return new TextDecoder(charset === 'utf8' ? 'utf-8' : charset).decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

/** The object store's answer for a key that is gone: how a deleted Qutoutiao article looks. */
export function isDeletedPage(body: string): boolean {
  return /<Code>\s*NoSuchKey\s*<\/Code>/.test(body.slice(0, 2048));
}

/** Only the named sites are followed: a redirect elsewhere is a login wall or an ad, not the article. */
function withinNamedSites(to: URL): boolean {
  return ruleForHost(to.hostname) !== undefined;
}

class Transient extends Error {
  constructor(
    readonly reason: FetchFailure,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface Fetcher {
  page(url: string): Promise<PageResult>;
  /** Any resource (a feed), with the same limits, as text. */
  text(url: string): Promise<PageResult>;
  close(): Promise<void>;
}

export function createFetcher(options: FetcherOptions = {}): Fetcher {
  const rules = options.connectTo ?? [];
  const timeoutMs = options.timeoutMs ?? 20000;
  const retries = options.retries ?? 2;
  const backoffMs = options.backoffMs ?? 500;
  const gapMs = options.rate && options.rate > 0 ? 1000 / options.rate : 0;
  const perHost = options.perHost ?? 2;
  const maxBytes = options.maxBytes ?? 8 * 1024 * 1024;
  const connector = buildConnector({});
  const dispatcher = new Agent({
    connect: (opts, callback) => {
      const target = connectTarget(rules, opts.hostname, opts.port || (opts.protocol === 'https:' ? '443' : '80'));
      // TLS still names the real host, as curl's --connect-to does.
      connector({ ...opts, hostname: target.host, port: target.port, servername: opts.servername ?? opts.hostname }, callback);
    },
  });
  const gates = new Map<string, HostGate>();
  const gate = (host: string) => {
    let g = gates.get(host);
    if (!g) gates.set(host, (g = new HostGate(perHost, gapMs)));
    return g;
  };

  async function once(url: URL, referer: string | undefined, accept: string): Promise<Response> {
    const headers: Record<string, string> = { 'User-Agent': options.userAgent ?? BROWSER_UA, Accept: accept, 'Accept-Language': 'zh-CN,zh;q=0.9' };
    if (referer) headers.Referer = referer;
    try {
      return await gate(url.host).run(() =>
        fetch(url, { headers, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs), dispatcher } as RequestInit & { dispatcher: Agent }),
      );
    } catch (e) {
      const err = e as Error & { cause?: { code?: string } };
      if (err.name === 'TimeoutError' || err.name === 'AbortError') throw new Transient('timeout', `no answer within ${timeoutMs / 1000} s`);
      throw new Transient('network', err.cause?.code ?? err.message);
    }
  }

  async function body(response: Response): Promise<Uint8Array> {
    const declared = Number(response.headers.get('content-length'));
    if (declared > maxBytes) throw new Transient('too-large', `the page is larger than ${maxBytes} bytes`);
    try {
      const bytes = new Uint8Array(await response.arrayBuffer());
      if (bytes.byteLength > maxBytes) throw new Transient('too-large', `the page is larger than ${maxBytes} bytes`);
      return bytes;
    } catch (e) {
      if (e instanceof Transient) throw e;
      const err = e as Error;
      if (err.name === 'TimeoutError' || err.name === 'AbortError') throw new Transient('timeout', `no answer within ${timeoutMs / 1000} s`);
      throw new Transient('network', err.message);
    }
  }

  /** One request with its redirects; throws Transient for what a retry may cure. */
  async function attempt(start: URL, site: boolean, accept: string): Promise<PageResult> {
    let url = start;
    for (let hop = 0; ; hop++) {
      // The named sites refuse pages asked for without their own Referer (hotlink protection).
      const referer = site ? `${url.origin}/` : undefined;
      const response = await once(url, referer, accept);
      if (response.status >= 300 && response.status < 400 && response.headers.get('location')) {
        await response.body?.cancel();
        const next = new URL(response.headers.get('location') as string, url);
        if (hop >= 5) return { ok: false, reason: 'redirect-elsewhere', message: 'too many redirects', status: response.status };
        if (site && !withinNamedSites(next)) return { ok: false, reason: 'redirect-elsewhere', message: `redirected outside the site to ${next.host}`, status: response.status };
        url = next;
        continue;
      }
      const bytes = await body(response);
      const text = decodePage(response.headers.get('content-type'), bytes);
      if (isDeletedPage(text)) return { ok: false, reason: 'deleted', message: 'the article was deleted (NoSuchKey)', status: response.status };
      if (response.status >= 500) throw new Transient('http-5xx', `HTTP ${response.status}`, response.status);
      if (response.status >= 400) return { ok: false, reason: 'http-4xx', message: `HTTP ${response.status}`, status: response.status };
      return { ok: true, url: url.href, html: text, status: response.status };
    }
  }

  async function get(raw: string, accept: string): Promise<PageResult> {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return { ok: false, reason: 'network', message: `not a URL: ${raw}` };
    }
    const site = ruleForHost(url.hostname) !== undefined;
    let last: Transient | undefined;
    for (let i = 0; i <= retries; i++) {
      if (i > 0) await sleep(backoffMs * 2 ** (i - 1));
      try {
        return await attempt(url, site, accept);
      } catch (e) {
        if (!(e instanceof Transient)) throw e;
        last = e;
        if (e.reason === 'too-large') break;
      }
    }
    return { ok: false, reason: last?.reason ?? 'network', message: `${last?.message ?? 'failed'}${retries ? ` (after ${retries + 1} tries)` : ''}`, status: last?.status };
  }

  return {
    page: (url) => get(url, 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8'),
    text: (url) => get(url, 'application/rss+xml,application/atom+xml,application/xml;q=0.9,*/*;q=0.8'),
    close: () => dispatcher.close(),
  };
}
