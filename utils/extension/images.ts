/**
 * Fetching an article's images from the extension as the article page would: its URL as the
 * Referer, no cookies. Chrome sets the Referer with a declarativeNetRequest session rule that only
 * matches the extension's own requests to the image hosts, added just before and removed right
 * after; Firefox's MV2 build does the same with a blocking `webRequest.onBeforeSendHeaders`.
 */
import { browser } from 'wxt/browser';
import { fetchImages, ImageFetchError, type AssetLimits, type ImageFetcher, type LocalImages } from '../core/assets';
import { IMAGE_HOST_PERMISSIONS } from '../image-hosts';

export { IMAGE_HOST_PERMISSIONS };

/** Asks for the image CDNs; must run inside a user gesture (the popup's or options page's change event). */
export async function requestImageAccess(): Promise<boolean> {
  try {
    return await browser.permissions.request({ origins: IMAGE_HOST_PERMISSIONS });
  } catch {
    return false;
  }
}

/** `http://static.1sapp.com/*`: the narrowest pattern `permissions.contains` answers for one URL. */
function originPattern(url: URL): string {
  return `${url.protocol}//${url.hostname}/*`;
}

/** Which of these URLs the extension may fetch: its host permissions, granted or optional-and-granted. */
export async function accessibleUrls(urls: string[]): Promise<Set<string>> {
  const byOrigin = new Map<string, boolean>();
  const ok = new Set<string>();
  for (const src of urls) {
    let url: URL;
    try {
      url = new URL(src);
    } catch {
      continue;
    }
    if (url.protocol === 'data:') {
      ok.add(src);
      continue;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') continue;
    const pattern = originPattern(url);
    if (!byOrigin.has(pattern)) {
      byOrigin.set(pattern, await browser.permissions.contains({ origins: [pattern] }).catch(() => false));
    }
    if (byOrigin.get(pattern)) ok.add(src);
  }
  return ok;
}

/** `fetch` with no cookies; the Referer comes from `withReferer`. Failures are codes the popup words in the user's language. */
export function extensionFetcher(limits: AssetLimits, accessible: Set<string>, timeoutMs = 30_000): ImageFetcher {
  return async (src) => {
    if (!accessible.has(src)) {
      let host = src;
      try {
        host = new URL(src).hostname || src;
      } catch {
        // keep the text as given
      }
      throw new ImageFetchError('image-no-permission', { host });
    }
    const signal = typeof AbortSignal.timeout === 'function' ? AbortSignal.timeout(timeoutMs) : undefined;
    const response = await fetch(src, { credentials: 'omit', redirect: 'follow', signal });
    if (!response.ok) throw new ImageFetchError('image-http', { status: response.status });
    const length = Number(response.headers.get('content-length'));
    // Refused before the body is read, so a huge file costs nothing.
    if (Number.isFinite(length) && length > limits.maxImageBytes) {
      await response.body?.cancel().catch(() => undefined);
      throw new ImageFetchError('image-too-large', { size: length, limit: limits.maxImageBytes });
    }
    return { bytes: new Uint8Array(await response.arrayBuffer()), contentType: response.headers.get('content-type') };
  };
}

/** The worker's rules live until the browser restarts: a worker that died mid-save leaves one behind. */
export async function clearRefererRules(): Promise<void> {
  const dnr = browser.declarativeNetRequest;
  if (!dnr?.getSessionRules) return;
  const rules = await dnr.getSessionRules();
  if (rules.length) await dnr.updateSessionRules({ removeRuleIds: rules.map((r) => r.id) });
}

let nextRuleId = 1;
// One save's rule at a time: two rules setting different Referers on one host would race.
let queue: Promise<unknown> = Promise.resolve();

type DnrRule = Parameters<typeof browser.declarativeNetRequest.updateSessionRules>[0]['addRules'];

/** The session rule: the Referer set on requests from this extension (not its tabs) to these hosts only. */
export function refererRule(id: number, hosts: string[], referer: string): NonNullable<DnrRule>[number] {
  return {
    id,
    priority: 1,
    action: {
      type: 'modifyHeaders' as never,
      requestHeaders: [{ header: 'referer', operation: 'set' as never, value: referer }],
    },
    condition: {
      initiatorDomains: [browser.runtime.id],
      requestDomains: hosts,
      resourceTypes: ['xmlhttprequest', 'other'] as never,
      // -1: requests from the service worker, never from a tab that shows our pages.
      tabIds: [-1],
    },
  };
}

async function withRefererNow<T>(hosts: string[], referer: string, run: () => Promise<T>): Promise<T> {
  if (!hosts.length) return run();
  const dnr = browser.declarativeNetRequest;
  if (dnr?.updateSessionRules) {
    const id = nextRuleId++;
    try {
      await dnr.updateSessionRules({ addRules: [refererRule(id, hosts, referer)] });
    } catch (e) {
      // Without the rule the hosts that check the Referer refuse, and those images are listed as failed.
      console.warn('hexo-clipper: could not add the Referer rule', e);
      return run();
    }
    try {
      return await run();
    } finally {
      await dnr.updateSessionRules({ removeRuleIds: [id] }).catch(() => undefined);
    }
  }
  const onBeforeSendHeaders = browser.webRequest?.onBeforeSendHeaders;
  if (onBeforeSendHeaders) {
    const ours = browser.runtime.getURL('/');
    type Details = { tabId: number; originUrl?: string; initiator?: string; requestHeaders?: { name: string; value?: string }[] };
    const listener = (details: Details) => {
      const from = details.originUrl ?? details.initiator ?? '';
      if (details.tabId !== -1 || !(from === ours.replace(/\/$/, '') || from.startsWith(ours))) return {};
      const requestHeaders = (details.requestHeaders ?? []).filter((h) => !/^(referer|cookie)$/i.test(h.name));
      requestHeaders.push({ name: 'Referer', value: referer });
      return { requestHeaders };
    };
    onBeforeSendHeaders.addListener(listener as never, { urls: hosts.map((h) => `*://${h}/*`), types: ['xmlhttprequest'] as never }, ['blocking', 'requestHeaders'] as never);
    try {
      return await run();
    } finally {
      onBeforeSendHeaders.removeListener(listener as never);
    }
  }
  // Neither API: the images are fetched without a Referer; hosts that insist on one fail and stay remote.
  return run();
}

/** Runs `run` while the extension's own requests to `hosts` carry `referer`. */
export function withReferer<T>(hosts: string[], referer: string, run: () => Promise<T>): Promise<T> {
  const result = queue.then(() => withRefererNow(hosts, referer, run));
  queue = result.catch(() => undefined);
  return result;
}

/** `fetchImages` with the article's URL as Referer, for the hosts the extension may reach. */
export async function fetchArticleImages(srcs: string[], referer: string, limits: AssetLimits): Promise<LocalImages> {
  const accessible = await accessibleUrls(srcs);
  const hosts = [...new Set([...accessible].filter((s) => !s.startsWith('data:')).map((s) => new URL(s).hostname))];
  return withReferer(hosts, referer, () => fetchImages(srcs, referer, extensionFetcher(limits, accessible), limits));
}
