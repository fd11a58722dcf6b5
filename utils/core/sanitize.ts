/**
 * The one place where a string of HTML becomes DOM. Everything that reaches the reader view or a
 * saved post has passed through here (the security check in CI holds other modules to that).
 */
import createDOMPurify from 'dompurify';
import type { Sanitizer } from './types';

const CONFIG = {
  RETURN_DOM_FRAGMENT: true as const,
  // Article markup only: no forms, no frames, no inline styles, no event handlers.
  FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'iframe', 'frame', 'object', 'embed', 'link', 'meta', 'base', 'noscript', 'template'],
  FORBID_ATTR: ['style', 'class', 'id', 'srcset'],
  ADD_ATTR: ['referrerpolicy'],
  ALLOW_DATA_ATTR: false,
  ALLOWED_URI_REGEXP: /^(?:https?:|mailto:|data:image\/(?:png|gif|jpe?g|webp);|#|\/|\.{0,2}\/|[^:]*$)/i,
};

/** A sanitizer bound to a window: the page's in the extension, jsdom's in Node. */
export function createSanitizer(window: Window & typeof globalThis): Sanitizer {
  const purify = createDOMPurify(window);
  purify.addHook('uponSanitizeAttribute', (_node, data) => {
    // `data-size="W,H"` is how these sites give image dimensions; the archive keeps it.
    if (data.attrName === 'data-size') data.forceKeepAttr = /^\d+\s*,\s*\d+$/.test(data.attrValue);
  });
  return {
    // From a string, not IN_PLACE on the copy's nodes: parsing costs a millisecond or two, and
    // IN_PLACE mode has had its own XSS advisories (GHSA-x4vx-rjvf-j5p4, GHSA-55q2-fjhq-7xh7).
    toFragment(html: string, doc: Document): DocumentFragment {
      const fragment = purify.sanitize(html, CONFIG) as DocumentFragment;
      // Copied into the page's document, never moved there (adoptNode, or an appendChild that
      // adopts): in a Chromium content script, an `onerror` parsed into DOMPurify's inert document
      // still fires in the page once its node is adopted, though DOMPurify removed the attribute
      // (caught by tests/e2e/hostile.test.ts, reproduced with DOMParser alone). A copy carries the
      // remaining attributes and nothing else.
      return fragment.ownerDocument === doc ? fragment : (doc.importNode(fragment, true) as DocumentFragment);
    },
  };
}
