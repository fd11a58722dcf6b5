/**
 * Injected on demand by the background (never on page load): answers `clip` and toggles the
 * reader overlay. Registered at runtime, so the manifest's host permissions come from its matches.
 */
import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { isContentMessage, failure } from '../../utils/messages';
import { contentScriptMatches } from '../../utils/sites';
import { mark } from '../../utils/extension/timing';
import { createReaderController } from './controller';

export default defineContentScript({
  matches: contentScriptMatches(),
  registration: 'runtime',
  // The styles ship inside the script (`css` of createShadowRootUi) rather than as a file fetched by
  // WXT: on generic sites, reached through activeTab, a web-accessible CSS file would not be allowed.
  cssInjectionMode: 'manual',
  main(ctx) {
    mark('reader-script');
    const reader = createReaderController(ctx);
    const listener = (message: unknown, _sender: unknown, sendResponse: (r: unknown) => void) => {
      if (!isContentMessage(message)) return undefined;
      reader.handle(message).then(sendResponse, (e: unknown) => sendResponse(failure('unknown', String((e as Error)?.message ?? e))));
      return true as const;
    };
    browser.runtime.onMessage.addListener(listener);
    ctx.onInvalidated(() => browser.runtime.onMessage.removeListener(listener));
  },
});
