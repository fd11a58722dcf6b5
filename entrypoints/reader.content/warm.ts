/**
 * What a first open pays once per page and can pay ahead, while the page is idle: the fonts. For
 * each family and size it first lays out, Chromium asks the browser process how to render that
 * font (a synchronous round trip per size) and matches the stack's names to installed fonts; in a
 * prepared first open that was most of the time between the render and the paint. Canvas text
 * goes through the same font cache as the page, so drawing a sample at each size the reader
 * shows fills it; nothing is added to the page.
 */
import css from '../../components/reader.css?inline';
import type { ReaderSettings } from '../../utils/settings/schema';

/** Chinese and Latin text, digits and punctuation: each may come from another font of the stack. */
const SAMPLE = '阅读模式 Reader 2021-11-23 09:52，“趣头条”《齐鲁壹点》';

/** The stylesheet's own values, so the warm-up follows a change of the reader's look. */
function stack(name: 'serif' | 'sans'): string {
  return new RegExp(`--${name}:\\s*([^;]+);`).exec(css)?.[1] ?? name;
}

function fixedSansSizes(): number[] {
  return [...new Set([...css.matchAll(/font:\s*(\d+)px\/[\d.]+ var\(--sans\)/g)].map((m) => Number(m[1])))];
}

const TITLE_EM = Number(/h1\.title\s*\{[^}]*font-size:\s*([\d.]+)em/.exec(css)?.[1] ?? 1.6);

export function warmFonts(doc: Document, look: ReaderSettings): void {
  const ctx = doc.createElement('canvas').getContext('2d');
  if (!ctx) return;
  const body = stack(look.font);
  const sans = stack('sans');
  const fonts = [`400 ${look.fontSize}px ${body}`, `700 ${look.fontSize * TITLE_EM}px ${body}`, ...fixedSansSizes().map((px) => `400 ${px}px ${sans}`)];
  for (const font of fonts) {
    ctx.font = font;
    // Drawn, not only measured: the typefaces are opened when glyphs are first rasterized.
    ctx.fillText(SAMPLE, 0, 32);
  }
}
