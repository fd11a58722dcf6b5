/**
 * The settings schema: the one place where a setting, what it accepts, its default and, for a
 * select, its values in the order the UI lists them are written. The types (InferOutput),
 * DEFAULT_SETTINGS, every select's options (CHOICES), the checks with their reasons, the repair
 * of stored values and the CLI's flag checks all derive from it (`validate.ts`, `reasons.ts`).
 *
 * Adding a value to a select is one edit here plus its label in both locales (the label key is
 * the choice's `labels` prefix + the value, `-` as `_`); tests/core/settings-schema.test.ts and
 * tests/ext/options-schema.test.tsx fail while a derived list or label is out of step.
 *
 * Every message is the English "expected …" the CLI and errors print; the UI shows the locale's
 * `expect_<path>` (or `expect_oneOf` with the labels) instead.
 */
import * as v from 'valibot';
import { isTimeZone } from '../core/date';
import { parsePattern, safeSegment } from '../core/filename';
import { DEFAULT_SITE_IDS } from '../sites/registry';
import { compilePromoPattern } from './pattern';

export const SETTINGS_VERSION = 5;

/** A value for an issue's reason: JSON, cut short. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  try {
    const text = JSON.stringify(value);
    return text.length > 60 ? `${text.slice(0, 57)}...` : text;
  } catch {
    return String(value);
  }
}

/** A select: its values, and the prefix of their i18n label keys (an existing family where there is one). */
function choice<const T extends readonly [string, ...string[]]>(options: T, labels: string) {
  return v.pipe(v.picklist(options, `one of ${options.map((o) => `"${o}"`).join(', ')}`), v.metadata({ labels }));
}

const bool = v.boolean('true or false');
const text = (max: number) => v.message(v.pipe(v.string(), v.maxLength(max)), `a text of at most ${max} characters`);
const number = (min: number, max: number) => v.message(v.pipe(v.number(), v.minValue(min), v.maxValue(max)), `a number from ${min} to ${max}`);
const wholeNumber = (min: number, max: number) =>
  v.message(v.pipe(v.number(), v.integer(), v.minValue(min), v.maxValue(max)), `a whole number from ${min} to ${max}`);

const name = v.pipe(
  v.string(),
  v.maxLength(100),
  v.check((s) => s.trim() !== '' && !/[\r\n]/.test(s)),
);
const names = (what: string) => v.message(v.pipe(v.array(name), v.maxLength(50)), `a list of ${what}, each non-empty, one line, at most 100 characters`);

/** A list is one hierarchy; a list of lists is several (Hexo's `categories` semantics). */
const categories = v.message(
  v.union([
    v.pipe(v.array(name), v.maxLength(20)),
    v.pipe(v.array(v.pipe(v.array(name), v.check((levels) => levels.length > 0), v.maxLength(20))), v.maxLength(20)),
  ]),
  'a list of category names, or a list of such lists',
);

const coverFields = v.message(
  v.pipe(v.array(v.pipe(v.string(), v.check((k) => /^[A-Za-z_][A-Za-z0-9_-]{0,39}$/.test(k)))), v.maxLength(5)),
  'a list of front-matter keys (letters, digits, _ and -), such as ["headimg", "thumbnail"]',
);

const timezone = v.pipe(
  v.string(),
  v.check((z) => z !== '' && isTimeZone(z)),
);

const filenamePattern = v.pipe(
  v.string('a pattern such as ":title.md"'),
  v.check(
    (p) => parsePattern(p) === null,
    (issue) => `a pattern such as ":year-:month-:day-:title.md" (${parsePattern(issue.input as string)})`,
  ),
);

const validRegex = (expected: string) =>
  v.check((p: string) => compilePromoPattern(p) !== null, (issue) => `${expected} (${describeValue(issue.input)} is not a valid regular expression)`);

const PROMO = 'a list of texts or /regular expressions/';
const promoPatterns = v.message(
  v.pipe(
    v.array(
      v.pipe(
        v.string(),
        v.check((p) => p.trim() !== '' && p.length <= 500),
        validRegex(PROMO),
      ),
    ),
    v.maxLength(100),
  ),
  PROMO,
);

const EXCEPTION = 'a list of {"site": host, "text": text or /regular expression/}';
const exceptions = v.message(
  v.pipe(
    v.array(
      v.strictObject({
        site: v.pipe(
          v.string((issue) => `${EXCEPTION} (${describeValue(issue.input)} is not a host name)`),
          v.check((h) => /^(?=.{1,253}$)[a-z0-9-]+(\.[a-z0-9-]+)*$/i.test(h), (issue) => `${EXCEPTION} (${describeValue(issue.input)} is not a host name)`),
        ),
        text: v.pipe(
          v.string(`${EXCEPTION} (each text non-empty, at most 2000 characters)`),
          v.check((t) => t.trim() !== '' && t.length <= 2000, `${EXCEPTION} (each text non-empty, at most 2000 characters)`),
          // Only text that looks like /…/ is a regular expression; anything else is kept literally.
          v.check((t) => !/^\/.+\/[a-z]*$/s.test(t) || compilePromoPattern(t) !== null, (issue) => `${EXCEPTION} (${describeValue(issue.input)} is not a valid regular expression)`),
        ),
      }),
    ),
    v.maxLength(200, `${EXCEPTION}, at most 200`),
  ),
  EXCEPTION,
);

const proxyPrefix = v.message(
  v.pipe(
    v.string(),
    v.check((p) => p === '' || (/^https:\/\/[^\s"'<>]+$/.test(p) && p.length <= 300)),
  ),
  'an https:// URL prefix, or empty',
);

const downloadSubfolder = v.message(
  // Control characters are what the check refuses.
  // eslint-disable-next-line no-control-regex
  v.pipe(v.string(), v.maxLength(100), v.check((s) => !/(^|[\\/])\.\.?([\\/]|$)|^[\\/]|[<>:"|?*\u0000-\u001f]/.test(s))),
  'a relative folder name inside Downloads, without "..", ":" or other reserved characters',
);

// Each level becomes a folder on every OS: the file-name rules apply, and it stays under `_posts`.
const blogSubfolder = v.message(
  v.pipe(
    v.string(),
    v.maxLength(100),
    v.check((s) => s.split('/').every((level, i, all) => (all.length === 1 && level === '') || (level !== '' && safeSegment(level) === level))),
  ),
  'a folder inside source/_posts such as "新媒体/趣头条" (levels separated by "/", no "..", reserved characters, leading dots or trailing spaces), or empty',
);

// A record's output is a new object, so an array has to be refused before it is read as one.
const siteToggles = v.message(
  v.pipe(
    v.custom<Record<string, boolean>>((o) => !Array.isArray(o)),
    v.record(v.string(), v.boolean()),
  ),
  'an object of site names mapped to true or false',
);

/**
 * Every setting. Each leaf is `optional(check, default)`: parsing `{}` gives the defaults, and a
 * leaf's own check (unwrapped) is what the options page, repair and the CLI run.
 */
export const SettingsSchema = v.object({
  version: v.optional(number(1, 1000), SETTINGS_VERSION),
  preset: v.optional(choice(['hexo', 'archive'], 'choice_'), 'hexo'),
  body: v.optional(choice(['markdown', 'html'], 'choice_'), 'markdown'),
  /**
   * `local`: `YYYY-MM-DD HH:mm:ss` in `timezone`, what Hexo reads correctly on a site whose
   * `timezone` matches. `rfc1123`: the archive's `Tue, 27 Jul 2021 07:58:10 GMT`, which Hexo reads
   * right only on a UTC site (on an Asia/Shanghai site it lands 8 hours early).
   */
  dateStyle: v.optional(choice(['local', 'rfc1123'], 'choice_'), 'local'),
  timezone: v.optional(v.message(timezone, 'an IANA time zone such as "Asia/Shanghai" or "UTC"'), 'Asia/Shanghai'),
  categories: v.optional(categories, () => []),
  tags: v.optional(names('tags'), () => []),
  author: v.optional(text(100), ''),
  comments: v.optional(bool, true),
  /** Front-matter keys that receive the cover image (volantis: headimg + thumbnail, butterfly: cover, fluid: index_img). */
  coverFields: v.optional(coverFields, () => ['headimg', 'thumbnail']),
  /** Write `source` and `source_url` into the front matter. */
  sourceFields: v.optional(bool, true),
  filenamePattern: v.optional(filenamePattern, ':title.md'),
  images: v.optional(
    v.object({
      /** `remote` keeps the URLs (with `noReferrer`/proxy); `local` saves `NAME.md` + `NAME/01.jpg…`; `zip` the same in one `NAME.zip`. */
      mode: v.optional(choice(['remote', 'local', 'zip'], 'imageMode_'), 'remote'),
      /** `{% asset_img 01.jpg %}`, or `![](01.jpg)` for hexo-renderer-marked's `postAsset`. */
      assetStyle: v.optional(choice(['asset_img', 'relative'], 'assetStyle_'), 'asset_img'),
      /** Per image; a larger one keeps its remote URL. The CLI's --max-image-kb default. */
      maxImageKB: v.optional(wholeNumber(1, 51200), 5120),
      /** All images of one article together; images past it keep their remote URLs. */
      maxArticleKB: v.optional(wholeNumber(1, 204800), 51200),
      noReferrer: v.optional(bool, false),
      proxyPrefix: v.optional(proxyPrefix, 'https://cors.zfour.workers.dev/?'),
      proxyScope: v.optional(choice(['off', 'http', 'all'], 'choice_'), 'off'),
    }),
    {},
  ),
  /** Extra promo patterns: plain text, or `/regex/flags`. */
  promoPatterns: v.optional(promoPatterns, () => []),
  /**
   * Content the user keeps (the reader's 以后保留类似内容): on `site` (a host, subdomains included),
   * a removal whose text or image URL is `text` (white space squashed), or matches `/regex/flags`,
   * is not made.
   */
  exceptions: v.optional(exceptions, () => []),
  sites: v.optional(siteToggles, () => Object.fromEntries(DEFAULT_SITE_IDS.map((id) => [id, true]))),
  reader: v.optional(
    v.object({
      theme: v.optional(choice(['system', 'light', 'sepia', 'dark'], 'theme_'), 'system'),
      font: v.optional(choice(['serif', 'sans'], 'font_'), 'serif'),
      /** px */
      fontSize: v.optional(number(12, 32), 18),
      lineHeight: v.optional(number(1.2, 2.4), 1.8),
      /** px */
      width: v.optional(number(480, 1200), 720),
      indent: v.optional(bool, false),
      /**
       * Load the reader and extract the article once a named site's page is idle, so the shortcut
       * only draws (under 50 ms instead of a few hundred). Costs idle time and memory in every such
       * tab, read or not; off, the first open does that work.
       */
      prepare: v.optional(bool, true),
    }),
    {},
  ),
  autoReader: v.optional(bool, false),
  download: v.optional(
    v.object({
      subfolder: v.optional(downloadSubfolder, 'hexo-clipper'),
      saveAs: v.optional(bool, false),
    }),
    {},
  ),
  blog: v.optional(
    v.object({
      /** Folder under the blog's `source/_posts` that saves go to, e.g. `新媒体/趣头条`; '' for `_posts` itself. */
      subfolder: v.optional(blogSubfolder, ''),
      /**
       * What `:title` in the file-name pattern becomes: the title itself, the article's own id (its
       * URL's number, else the title), date plus id (`20210727-1840579423`), or the title in pinyin.
       * Chinese titles make percent-encoded permalinks; the other three keep them ASCII.
       */
      slug: v.optional(choice(['title', 'id', 'date-id', 'pinyin'], 'slug_'), 'title'),
    }),
    {},
  ),
});

export type Settings = v.InferOutput<typeof SettingsSchema>;
export type PresetName = Settings['preset'];
export type ImageMode = Settings['images']['mode'];
export type AssetStyle = Settings['images']['assetStyle'];
export type SlugStyle = Settings['blog']['slug'];
export type ReaderSettings = Settings['reader'];
export type ReaderTheme = ReaderSettings['theme'];

/** Parsing nothing fills every default (tests/core/settings-schema.test.ts checks they pass their own checks). */
export const DEFAULT_SETTINGS: Settings = v.safeParse(SettingsSchema, {}).output as Settings;

/** What the walk below reads of a schema: valibot's own properties, loosely typed. */
type AnySchema = v.GenericSchema & { wrapped?: AnySchema; entries?: Record<string, AnySchema>; options?: readonly unknown[] };

const unwrap = (schema: AnySchema): AnySchema => (schema.type === 'optional' && schema.wrapped ? schema.wrapped : schema);

/**
 * Each leaf's own check, by dotted path; objects are branches, `sites` (a record) is one leaf.
 * A Map, because paths come from imported files: `constructor` or `__proto__` must be unknown.
 */
const LEAVES = new Map<string, AnySchema>();
(function walk(entries: Record<string, AnySchema>, prefix: string) {
  for (const [key, entry] of Object.entries(entries)) {
    const schema = unwrap(entry);
    if (schema.type === 'object' && schema.entries) walk(schema.entries, `${prefix}${key}.`);
    else LEAVES.set(`${prefix}${key}`, schema);
  }
})(SettingsSchema.entries as unknown as Record<string, AnySchema>, '');

/** Every leaf path, in the schema's order. */
export const SETTING_PATHS = [...LEAVES.keys()];

export function leafSchema(path: string): v.GenericSchema | undefined {
  return LEAVES.get(path);
}

/** A number field's bounds, for an input's `min` and `max`. */
export function numberRange(path: string): { min?: number; max?: number } {
  const pipe = (LEAVES.get(path) as { pipe?: { type: string; requirement?: unknown }[] } | undefined)?.pipe ?? [];
  const bound = (type: string) => pipe.find((a) => a.type === type)?.requirement as number | undefined;
  return { min: bound('min_value'), max: bound('max_value') };
}

/** Every select: its values in display order, and the prefix of their label keys. No prototype, for the same reason as LEAVES. */
export const CHOICES: Record<string, { values: readonly string[]; labels: string }> = Object.assign(
  Object.create(null) as Record<string, never>,
  Object.fromEntries(
    [...LEAVES]
      .filter(([, s]) => s.type === 'picklist')
      .map(([path, s]) => [path, { values: s.options as readonly string[], labels: (v.getMetadata(s as never) as { labels: string }).labels }]),
  ),
);

/** The i18n key of one choice's label: `imageMode_zip`, `slug_date_id`. */
export function choiceLabelKey(path: string, value: string): string {
  return `${CHOICES[path]?.labels ?? 'choice_'}${value.replace(/-/g, '_')}`;
}

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
