import { DEFAULT_SETTINGS, PRESETS, type PresetName, type Settings } from './schema';
import { isTimeZone } from '../core/date';
import { parsePattern, safeSegment } from '../core/filename';

/** One invalid value: which field, what it accepts, what it got. Callers phrase it in the user's language. */
export interface SettingsIssue {
  path: string;
  expected: string;
  got: string;
}

export class SettingsError extends Error {
  constructor(readonly issues: SettingsIssue[]) {
    super(issues.map(formatIssue).join('; '));
    this.name = 'SettingsError';
  }
}

export function formatIssue(issue: SettingsIssue): string {
  return `${issue.path}: expected ${issue.expected}, got ${issue.got}`;
}

type Check = (value: unknown) => string | null;

const describe = (value: unknown): string => {
  if (value === undefined) return 'nothing';
  try {
    const text = JSON.stringify(value);
    return text.length > 60 ? `${text.slice(0, 57)}...` : text;
  } catch {
    return String(value);
  }
};

const oneOf = (...options: string[]): Check => (v) =>
  typeof v === 'string' && options.includes(v) ? null : `one of ${options.map((o) => `"${o}"`).join(', ')}`;
const bool: Check = (v) => (typeof v === 'boolean' ? null : 'true or false');
const text = (max = 500): Check => (v) => (typeof v === 'string' && v.length <= max ? null : `a text of at most ${max} characters`);
const number = (min: number, max: number): Check => (v) =>
  typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max ? null : `a number from ${min} to ${max}`;
const wholeNumber = (min: number, max: number): Check => (v) =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? null : `a whole number from ${min} to ${max}`;
const cleanName = (v: unknown) => typeof v === 'string' && v.trim() !== '' && v.length <= 100 && !/[\r\n]/.test(v);
const names = (what: string): Check => (v) =>
  Array.isArray(v) && v.length <= 50 && v.every(cleanName) ? null : `a list of ${what} (each non-empty, one line, at most 100 characters)`;

const timezone: Check = (v) => (typeof v === 'string' && v !== '' && isTimeZone(v) ? null : 'an IANA time zone such as "Asia/Shanghai" or "UTC"');

const categories: Check = (v) => {
  const expected = 'a list of category names, or a list of such lists';
  if (!Array.isArray(v)) return expected;
  if (v.every(cleanName) && v.length <= 20) return null;
  if (v.every((h) => Array.isArray(h) && h.length > 0 && h.length <= 20 && h.every(cleanName)) && v.length <= 20) return null;
  return expected;
};

const frontMatterKey = /^[A-Za-z_][A-Za-z0-9_-]{0,39}$/;
const coverFields: Check = (v) =>
  Array.isArray(v) && v.length <= 5 && v.every((k) => typeof k === 'string' && frontMatterKey.test(k))
    ? null
    : 'a list of front-matter keys (letters, digits, _ and -), such as ["headimg", "thumbnail"]';

const filenamePattern: Check = (v) => {
  if (typeof v !== 'string') return 'a pattern such as ":title.md"';
  const problem = parsePattern(v);
  return problem ? `a pattern such as ":year-:month-:day-:title.md" (${problem})` : null;
};

const proxyPrefix: Check = (v) =>
  v === '' || (typeof v === 'string' && /^https:\/\/[^\s"'<>]+$/.test(v) && v.length <= 300)
    ? null
    : 'an https:// URL prefix, or empty';

const promoPatterns: Check = (v) => {
  const expected = 'a list of texts or /regular expressions/';
  if (!Array.isArray(v) || v.length > 100) return expected;
  for (const p of v) {
    if (typeof p !== 'string' || p.trim() === '' || p.length > 500) return expected;
    if (compilePromoPattern(p) === null) return `${expected} (${describe(p)} is not a valid regular expression)`;
  }
  return null;
};

const exceptions: Check = (v) => {
  const expected = 'a list of {"site": host, "text": text or /regular expression/}';
  if (!Array.isArray(v) || v.length > 200) return `${expected}, at most 200`;
  for (const e of v) {
    if (e === null || typeof e !== 'object' || Array.isArray(e) || Object.keys(e).some((k) => k !== 'site' && k !== 'text')) return expected;
    const { site, text } = e as Record<string, unknown>;
    if (typeof site !== 'string' || !/^(?=.{1,253}$)[a-z0-9-]+(\.[a-z0-9-]+)*$/i.test(site)) return `${expected} (${describe(site)} is not a host name)`;
    if (typeof text !== 'string' || text.trim() === '' || text.length > 2000) return `${expected} (each text non-empty, at most 2000 characters)`;
    if (/^\/.+\/[a-z]*$/s.test(text) && compilePromoPattern(text) === null) return `${expected} (${describe(text)} is not a valid regular expression)`;
  }
  return null;
};

const subfolder: Check = (v) =>
  // Control characters are what the check refuses.
  // eslint-disable-next-line no-control-regex
  typeof v === 'string' && v.length <= 100 && !/(^|[\\/])\.\.?([\\/]|$)|^[\\/]|[<>:"|?*\u0000-\u001f]/.test(v)
    ? null
    : 'a relative folder name inside Downloads, without "..", ":" or other reserved characters';

// Each level becomes a folder on every OS: the file-name rules apply, and it stays under `_posts`.
const blogSubfolder: Check = (v) =>
  typeof v === 'string' &&
  v.length <= 100 &&
  v.split('/').every((level, i, all) => (all.length === 1 && level === '') || (level !== '' && safeSegment(level) === level))
    ? null
    : 'a folder inside source/_posts such as "新媒体/趣头条" (levels separated by "/", no "..", reserved characters, leading dots or trailing spaces), or empty';

const siteToggles: Check = (v) =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'boolean')
    ? null
    : 'an object of site names mapped to true or false';

/** Every checked leaf of the schema. Keys absent here are dropped on resolve. */
const CHECKS: Record<string, Check> = {
  version: number(1, 1000),
  preset: oneOf('hexo', 'archive'),
  body: oneOf('markdown', 'html'),
  dateStyle: oneOf('local', 'rfc1123'),
  timezone,
  categories,
  tags: names('tags'),
  author: text(100),
  comments: bool,
  coverFields,
  sourceFields: bool,
  filenamePattern,
  'images.mode': oneOf('remote', 'local', 'zip'),
  'images.assetStyle': oneOf('asset_img', 'relative'),
  'images.maxImageKB': wholeNumber(1, 51200),
  'images.maxArticleKB': wholeNumber(1, 204800),
  'images.noReferrer': bool,
  'images.proxyPrefix': proxyPrefix,
  'images.proxyScope': oneOf('off', 'http', 'all'),
  promoPatterns,
  exceptions,
  sites: siteToggles,
  'reader.theme': oneOf('light', 'sepia', 'dark', 'system'),
  'reader.font': oneOf('serif', 'sans'),
  'reader.fontSize': number(12, 32),
  'reader.lineHeight': number(1.2, 2.4),
  'reader.width': number(480, 1200),
  'reader.indent': bool,
  autoReader: bool,
  'download.subfolder': subfolder,
  'download.saveAs': bool,
  'blog.subfolder': blogSubfolder,
  'blog.slug': oneOf('title', 'id', 'date-id', 'pinyin'),
};

export const SETTING_PATHS = Object.keys(CHECKS);

function get(obj: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (o !== null && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), obj);
}

function set(obj: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let o = obj;
  for (const k of keys.slice(0, -1)) {
    if (o[k] === null || typeof o[k] !== 'object') o[k] = {};
    o = o[k] as Record<string, unknown>;
  }
  o[keys[keys.length - 1] as string] = value;
}

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** Checks one field; used by the options page for inline errors. */
export function checkField(path: string, value: unknown): SettingsIssue | null {
  const check = CHECKS[path];
  if (!check) return { path, expected: 'a known setting', got: describe(value) };
  const expected = check(value);
  return expected ? { path, expected, got: describe(value) } : null;
}

export function validateSettings(value: unknown): SettingsIssue[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return [{ path: '(settings)', expected: 'a JSON object', got: describe(value) }];
  }
  return SETTING_PATHS.map((p) => checkField(p, get(value, p))).filter((i): i is SettingsIssue => i !== null);
}

/** The defaults, with a preset's values laid over them. */
export function presetDefaults(preset: PresetName): Settings {
  const base = clone(DEFAULT_SETTINGS);
  return { ...base, ...clone(PRESETS[preset]), preset };
}

/**
 * Merges a partial settings object (a `--settings` file, an import) over the defaults of its
 * preset, and throws a SettingsError naming every invalid field. Unknown keys are rejected so
 * that a typo is not silently ignored.
 */
export function resolveSettings(partial: unknown, overrides: Record<string, unknown> = {}): Settings {
  if (partial === null || typeof partial !== 'object' || Array.isArray(partial)) {
    throw new SettingsError([{ path: '(settings)', expected: 'a JSON object', got: describe(partial) }]);
  }
  const input = { ...(partial as Record<string, unknown>), ...overrides };
  const issues: SettingsIssue[] = [];
  const preset = input.preset ?? 'hexo';
  const presetIssue = checkField('preset', preset);
  if (presetIssue) throw new SettingsError([presetIssue]);
  const result = presetDefaults(preset as PresetName) as unknown as Record<string, unknown>;
  for (const [path, value] of leaves(input)) {
    if (!CHECKS[path]) {
      issues.push({ path, expected: `a known setting (${SETTING_PATHS.join(', ')})`, got: describe(value) });
      continue;
    }
    set(result, path, value);
  }
  issues.push(...validateSettings(result));
  if (issues.length) throw new SettingsError(issues);
  return result as unknown as Settings;
}

/** Flattens to the schema's leaf paths; objects that are leaves themselves (`sites`) stay whole. */
function leaves(obj: Record<string, unknown>, prefix = ''): [string, unknown][] {
  const out: [string, unknown][] = [];
  for (const [k, v] of Object.entries(obj)) {
    const path = prefix ? `${prefix}.${k}` : k;
    const isBranch = v !== null && typeof v === 'object' && !Array.isArray(v) && !CHECKS[path];
    if (isBranch) out.push(...leaves(v as Record<string, unknown>, path));
    else out.push([path, v]);
  }
  return out;
}

/**
 * Keeps every valid field of a stored value and puts defaults in place of the rest, so a
 * corrupt or hand-edited store never breaks the extension. Returns what was repaired.
 */
export function repairSettings(value: unknown): { settings: Settings; repaired: string[] } {
  const base = clone(DEFAULT_SETTINGS) as unknown as Record<string, unknown>;
  const repaired: string[] = [];
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { settings: base as unknown as Settings, repaired: ['(settings)'] };
  }
  for (const path of SETTING_PATHS) {
    const v = get(value, path);
    if (v === undefined) continue;
    if (checkField(path, v)) repaired.push(path);
    else set(base, path, clone(v));
  }
  return { settings: base as unknown as Settings, repaired };
}

/** `/regex/flags` or plain text. Returns null for an invalid regular expression. */
export function compilePromoPattern(pattern: string): RegExp | null {
  const m = /^\/(.+)\/([a-z]*)$/s.exec(pattern);
  if (!m) return new RegExp(pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  try {
    return new RegExp(m[1] ?? '', (m[2] ?? '').replace(/[gy]/g, ''));
  } catch {
    return null;
  }
}
