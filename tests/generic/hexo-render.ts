/**
 * Markdown rendered by hexo-renderer-marked itself, with the options Hexo gives it by default
 * (its index.js), outside a Hexo site: the renderer only reads `config.marked` and runs filters.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const renderer = require('hexo-renderer-marked/lib/renderer') as (this: unknown, data: { text: string }) => string;

const HEXO_MARKED = {
  gfm: true,
  pedantic: false,
  breaks: true,
  smartLists: true,
  smartypants: true,
  modifyAnchors: 0,
  autolink: true,
  mangle: true,
  sanitizeUrl: false,
  dompurify: false,
  headerIds: true,
  anchorAlias: false,
  lazyload: false,
  prependRoot: true,
  postAsset: false,
  external_link: { enable: false, exclude: [], nofollow: false },
  descriptionLists: true,
};

/** `smartypants: false` for text comparisons: it turns straight quotes curly. */
export function renderHexo(markdown: string, overrides: Partial<typeof HEXO_MARKED> = {}): string {
  const context = { config: { url: 'https://blog.example.com', root: '/', marked: { ...HEXO_MARKED, ...overrides } }, execFilterSync: () => undefined };
  return renderer.call(context, { text: markdown });
}
