/**
 * Runs on every page of the named sites, so it does one cheap thing: tell the background whether
 * this is an article (the toolbar badge). The pipeline stays out of it; the reader is injected on demand.
 */
import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { contentScriptMatches } from '../utils/sites';
import { pageKind } from '../utils/sites/page';

export default defineContentScript({
  matches: contentScriptMatches(),
  runAt: 'document_idle',
  main() {
    const kind = pageKind(document, new URL(location.href));
    const message = { type: 'page-status', ...kind };
    // The callback form where there is one: Firefox settles a promise whose tab closed before the
    // background answered by logging `Promise rejected after context unloaded` to the console, past
    // any catch; a callback is dropped quietly. Reading lastError keeps Chromium from logging an
    // unchecked error when no background listens (extension just updated).
    const api = (globalThis as { chrome?: { runtime?: { sendMessage?: unknown; lastError?: unknown } } }).chrome?.runtime;
    if (typeof api?.sendMessage === 'function') {
      (api.sendMessage as (m: unknown, cb: () => void) => void)(message, () => void api.lastError);
    } else {
      browser.runtime.sendMessage(message).catch(() => undefined);
    }
  },
});
