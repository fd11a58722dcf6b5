/**
 * Cookie and consent banners, modal boxes and paywall prompts: page chrome, never the article. On a short
 * post Readability can otherwise score "This website uses cookies… Accept" as the best block.
 * Recognised by general signals only (ARIA dialog roles, cookie/consent/GDPR in ids and classes,
 * a cookie sentence beside an accept button), and only in boxes too short to be an article.
 */
import { compact, squash } from './text';
import type { Removal } from './types';

const PAYWALL = '[class*="paywall" i], [id*="paywall" i], [class*="regwall" i], [class*="subscribe-prompt" i]';
const SUBSCRIBE = /subscribe|sign in|log in|订阅|登录|开通会员/i;

/** Longer than this, a box is article-sized and stays whatever it is called. */
const MAX_BANNER_CHARS = 1000;

const BY_ATTRIBUTE = [
  '[role="dialog"]',
  '[role="alertdialog"]',
  '[aria-modal="true"]',
  '[id*="cookie" i]',
  '[class*="cookie" i]',
  '[id*="consent" i]',
  '[class*="consent" i]',
  '[id*="gdpr" i]',
  '[class*="gdpr" i]',
].join(', ');

const COOKIE_TEXT = /\bcookies?\b|\bconsent\b|\bGDPR\b|隐私政策|使用\s*cookie/i;
const ACCEPT = /^\s*(accept|agree|allow|ok(ay)?|got it|i understand|continue|同意|接受|知道了|我知道了|确定|好的)/i;

function hasAcceptButton(el: Element): boolean {
  for (const b of Array.from(el.querySelectorAll('button, a, input[type="button"], input[type="submit"], [role="button"]'))) {
    if (ACCEPT.test(b.textContent || b.getAttribute('value') || '')) return true;
  }
  return false;
}

export function removeConsentBanners(root: Element | Document, removed: Removal[]): void {
  const scope = 'body' in root && root.body ? root.body : root;
  if (!COOKIE_TEXT.test(scope.textContent ?? '') && !scope.querySelector(`[role="dialog"], [role="alertdialog"], [aria-modal="true"], ${PAYWALL}`)) return;
  // The code in words is the reason (`cookie-banner`: `cookie banner`), as logs and tests read it.
  const drop = (el: Element, code: 'modal-dialog' | 'cookie-banner' | 'paywall-prompt') => {
    removed.push({ step: 'pre-clean', code, reason: code.replace(/-/g, ' '), text: squash(el.textContent).slice(0, 80) });
    el.remove();
  };
  for (const el of Array.from(scope.querySelectorAll(BY_ATTRIBUTE))) {
    if (!el.isConnected || el.tagName === 'BODY' || el.tagName === 'HTML') continue;
    const chars = compact(el.textContent).length;
    if (chars > MAX_BANNER_CHARS) continue;
    // A class like "cookie-recipe" names a subject, not a banner: the text or a button must agree.
    const dialog = /dialog/.test(el.getAttribute('role') ?? '') || el.getAttribute('aria-modal') === 'true';
    if (dialog || COOKIE_TEXT.test(el.textContent ?? '') || hasAcceptButton(el)) drop(el, dialog ? 'modal-dialog' : 'cookie-banner');
  }
  // A paywall's prompt is chrome; the free paragraphs before it are the article.
  for (const el of Array.from(scope.querySelectorAll(PAYWALL))) {
    if (el.isConnected && compact(el.textContent).length <= MAX_BANNER_CHARS / 2 && SUBSCRIBE.test(el.textContent ?? '')) drop(el, 'paywall-prompt');
  }
  // No telling attribute: the smallest box that says "cookies" and offers an accept button.
  for (const button of Array.from(scope.querySelectorAll('button, a, input[type="button"], input[type="submit"], [role="button"]'))) {
    if (!button.isConnected || !ACCEPT.test(button.textContent || button.getAttribute('value') || '')) continue;
    let box: Element | null = button.parentElement;
    while (box && box !== scope && !COOKIE_TEXT.test(box.textContent ?? '')) box = compact(box.parentElement?.textContent).length <= MAX_BANNER_CHARS ? box.parentElement : null;
    if (!box || box === scope || compact(box.textContent).length > MAX_BANNER_CHARS) continue;
    drop(box, 'cookie-banner');
  }
}
