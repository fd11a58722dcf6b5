/**
 * The pinyin slug in the extension. pinyin-pro's dictionary (about 140 KB gzip) is too large for
 * the reader every article page loads, and a service worker cannot import a module later, so it
 * ships as a content script of its own (`entrypoints/pinyin.content.ts`), injected only before a
 * save that names its file in pinyin. It leaves the converter on the global object of this
 * extension's isolated world in the page, where the reader's clip looks for it.
 */
export const PINYIN_GLOBAL = '__hexoClipperPinyin';

/** Where WXT writes `entrypoints/pinyin.content.ts`. */
export const PINYIN_SCRIPT = '/content-scripts/pinyin.js';

type Converter = (text: string) => string;

/** The converter, when the pinyin script has run in this page. */
export function pinyinInPage(): Converter | undefined {
  const found = (globalThis as Record<string, unknown>)[PINYIN_GLOBAL];
  return typeof found === 'function' ? (found as Converter) : undefined;
}

export function providePinyin(convert: Converter): void {
  (globalThis as Record<string, unknown>)[PINYIN_GLOBAL] = convert;
}
