/**
 * The settings, their defaults and the presets. Pure data: the extension's storage item, the
 * options page and the CLI's `--settings` file all go through `resolveSettings`.
 */
import { DEFAULT_SITE_IDS } from '../sites/registry';

export const SETTINGS_VERSION = 4;

export type PresetName = 'hexo' | 'archive';
export type BodyFormat = 'markdown' | 'html';
/**
 * `local`: `YYYY-MM-DD HH:mm:ss` in `timezone`, what Hexo reads correctly on a site whose
 * `timezone` matches. `rfc1123`: the archive's `Tue, 27 Jul 2021 07:58:10 GMT`, which Hexo reads
 * right only on a UTC site (on an Asia/Shanghai site it lands 8 hours early).
 */
export type DateStyle = 'local' | 'rfc1123';
export type ProxyScope = 'off' | 'http' | 'all';
/** `remote` keeps the URLs (with `noReferrer`/proxy); `local` saves `NAME.md` + `NAME/01.jpg…`; `zip` the same in one `NAME.zip`. */
export type ImageMode = 'remote' | 'local' | 'zip';
/** `{% asset_img 01.jpg %}`, or `![](01.jpg)` for hexo-renderer-marked's `postAsset`. */
export type AssetStyle = 'asset_img' | 'relative';
/**
 * What `:title` in the file-name pattern becomes: the title itself, the article's own id (its
 * URL's number, else the title), date plus id (`20210727-1840579423`), or the title in pinyin.
 * Chinese titles make percent-encoded permalinks; the other three keep them ASCII.
 */
export type SlugStyle = 'title' | 'id' | 'date-id' | 'pinyin';
export type ReaderTheme = 'light' | 'sepia' | 'dark' | 'system';
export type ReaderFont = 'serif' | 'sans';

export interface ReaderSettings {
  theme: ReaderTheme;
  font: ReaderFont;
  /** px */
  fontSize: number;
  lineHeight: number;
  /** px */
  width: number;
  indent: boolean;
}

export interface Settings {
  version: number;
  preset: PresetName;
  body: BodyFormat;
  dateStyle: DateStyle;
  timezone: string;
  /** A list is one hierarchy; a list of lists is several (Hexo's `categories` semantics). */
  categories: string[] | string[][];
  tags: string[];
  author: string;
  comments: boolean;
  /** Front-matter keys that receive the cover image (volantis: headimg + thumbnail, butterfly: cover, fluid: index_img). */
  coverFields: string[];
  /** Write `source` and `source_url` into the front matter. */
  sourceFields: boolean;
  filenamePattern: string;
  images: {
    mode: ImageMode;
    assetStyle: AssetStyle;
    /** Per image; a larger one keeps its remote URL. */
    maxImageKB: number;
    /** All images of one article together; images past it keep their remote URLs. */
    maxArticleKB: number;
    noReferrer: boolean;
    proxyPrefix: string;
    proxyScope: ProxyScope;
  };
  /** Extra promo patterns: plain text, or `/regex/flags`. */
  promoPatterns: string[];
  /**
   * Content the user keeps (the reader's 以后保留类似内容): on `site` (a host, subdomains included),
   * a removal whose text or image URL is `text` (white space squashed), or matches `/regex/flags`,
   * is not made.
   */
  exceptions: { site: string; text: string }[];
  sites: Record<string, boolean>;
  reader: ReaderSettings;
  autoReader: boolean;
  download: {
    subfolder: string;
    saveAs: boolean;
  };
  blog: {
    /** Folder under the blog's `source/_posts` that saves go to, e.g. `新媒体/趣头条`; '' for `_posts` itself. */
    subfolder: string;
    slug: SlugStyle;
  };
}

export const DEFAULT_SETTINGS: Settings = {
  version: SETTINGS_VERSION,
  preset: 'hexo',
  body: 'markdown',
  dateStyle: 'local',
  timezone: 'Asia/Shanghai',
  categories: [],
  tags: [],
  author: '',
  comments: true,
  coverFields: ['headimg', 'thumbnail'],
  sourceFields: true,
  filenamePattern: ':title.md',
  images: {
    mode: 'remote',
    assetStyle: 'asset_img',
    // The CLI's --max-image-kb and --max-article-kb defaults.
    maxImageKB: 5120,
    maxArticleKB: 51200,
    noReferrer: false,
    proxyPrefix: 'https://cors.zfour.workers.dev/?',
    proxyScope: 'off',
  },
  promoPatterns: [],
  exceptions: [],
  sites: Object.fromEntries(DEFAULT_SITE_IDS.map((id) => [id, true])),
  reader: { theme: 'system', font: 'serif', fontSize: 18, lineHeight: 1.8, width: 720, indent: false },
  autoReader: false,
  download: { subfolder: 'hexo-clipper', saveAs: false },
  blog: { subfolder: '', slug: 'title' },
};

/** What choosing a preset sets; anything the user states explicitly wins over it. */
export const PRESETS: Record<PresetName, Partial<Settings>> = {
  hexo: {
    body: 'markdown',
    dateStyle: 'local',
    comments: true,
    sourceFields: true,
    images: { ...DEFAULT_SETTINGS.images, noReferrer: false, proxyPrefix: DEFAULT_SETTINGS.images.proxyPrefix, proxyScope: 'off' },
  },
  // The format of the user's 19,000-post archive (`shared/seed`), field for field.
  archive: {
    body: 'html',
    dateStyle: 'rfc1123',
    categories: ['新媒体', '趣头条', '分类'],
    author: '趣头条',
    comments: false,
    coverFields: ['headimg', 'thumbnail'],
    sourceFields: false,
    images: { ...DEFAULT_SETTINGS.images, noReferrer: true, proxyPrefix: 'https://cors.zfour.workers.dev/?', proxyScope: 'http' },
  },
};

export const COVER_FIELD_PRESETS: Record<string, string[]> = {
  volantis: ['headimg', 'thumbnail'],
  butterfly: ['cover'],
  fluid: ['index_img'],
  none: [],
};
