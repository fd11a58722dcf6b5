/**
 * What a Hexo blog says about itself, read once from its `_config.yml` and `scaffolds/post.md`
 * into a typed profile that the post builder and the writer take as a parameter. Pure apart from
 * the BlogFs it reads through; failures come back as codes, never as a throw.
 */
import { isMap, isScalar, LineCounter, parseDocument, YAMLParseError } from 'yaml';
import { isTimeZone } from '../core/date';
import type { BlogFs } from './fs';

export interface Scaffold {
  /** Front-matter keys in the scaffold's order. */
  keys: string[];
  /**
   * The user's keys with their default values; keys whose value is a `{{ placeholder }}` (Hexo
   * fills `title` and `date` that way) are in `keys` but not here.
   */
  defaults: Record<string, unknown>;
}

export interface BlogProfile {
  /** The site's `title` and `url`, for showing which blog is connected. */
  title?: string;
  url?: string;
  /** IANA zone from `timezone`; undefined when the config leaves it to the machine's zone. */
  timezone?: string;
  postAssetFolder: boolean;
  /** Hexo's `new_post_name`, as written (`:title.md` when absent). */
  newPostName: string;
  /** `default_category`, only when the config sets one. */
  defaultCategory?: string;
  /** 0 as is, 1 lower case, 2 upper case (Hexo's `filename_case`). */
  filenameCase: 0 | 1 | 2;
  /** `source_dir` (`source` when absent), '/'-separated, no trailing '/'. */
  sourceDir: string;
  /** hexo-renderer-marked's `marked.postAsset`: `![](01.jpg)` resolves to the post's asset folder. */
  markedPostAsset: boolean;
  /** `scaffolds/post.md` (from `scaffold_dir`), or null when the blog has none. */
  scaffold: Scaffold | null;
  /** The config keys that were present, for saying what was read. */
  read: string[];
  /** Values present but unusable, and ignored (an unknown timezone…), as codes with the value. */
  warnings: ProfileWarning[];
}

export type ProfileWarning =
  | { code: 'bad-timezone'; value: string }
  | { code: 'bad-source-dir'; value: string }
  | { code: 'bad-value'; key: string; value: string };

export type ProfileError =
  | { code: 'no-config' }
  | { code: 'no-source-folder'; sourceDir: string }
  | { code: 'config-unparseable'; line?: number; message: string }
  | { code: 'scaffold-unparseable'; path: string; line?: number; message: string };

export type ProfileResult = { ok: true; profile: BlogProfile } | { ok: false; error: ProfileError };

const PLACEHOLDER = /\{\{\s*([A-Za-z_][\w.]*)\s*\}\}/g;
// Stands in for `{{ name }}` while the YAML is parsed: a plain scalar no user writes.
const MARK = 'hexo-clipper-placeholder-';

/** The YAML error's first line, without the ` at line N, column M:` that `line` already gives. */
function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '').replace(/:$/, '');
}

/** Where YAML failed, as a 1-based line number. */
function errorLine(e: unknown): number | undefined {
  return e instanceof YAMLParseError ? e.linePos?.[0]?.line : undefined;
}

function parseYamlMap(text: string): { ok: true; value: Record<string, unknown> } | { ok: false; line?: number; message: string } {
  const doc = parseDocument(text, { lineCounter: new LineCounter(), prettyErrors: true, uniqueKeys: false });
  const error = doc.errors[0];
  if (error) return { ok: false, line: errorLine(error), message: firstLine(error.message) };
  if (doc.contents === null) return { ok: true, value: {} };
  if (!isMap(doc.contents)) return { ok: false, line: 1, message: 'not a mapping of keys to values' };
  const value = doc.toJS({ maxAliasCount: 100 }) as Record<string, unknown>;
  return { ok: true, value };
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);
const truthy = (v: unknown): boolean => v === true || (typeof v === 'string' && /^(true|yes|on)$/i.test(v));


/** A relative folder inside the blog: no absolute path, no `..`. */
function cleanDir(dir: string): string | undefined {
  const d = dir.replace(/\\/g, '/').replace(/^\.\/+/, '').replace(/\/+$/, '');
  if (d === '' || d.startsWith('/') || /^[A-Za-z]:/.test(d) || d.split('/').some((s) => s === '..' || s === '.')) return undefined;
  return d;
}

/**
 * Front matter of a scaffold: the text between the leading `---` lines (Hexo also accepts it
 * without the first `---`). `{{ title }}`-style placeholders are kept as keys without defaults.
 */
export function parseScaffold(text: string): { ok: true; scaffold: Scaffold } | { ok: false; line?: number; message: string } {
  const lines = text.replace(/^\ufeff/, '').split(/\r?\n/);
  const start = lines[0]?.trim() === '---' ? 1 : 0;
  const end = lines.findIndex((l, i) => i >= start && /^---\s*$/.test(l));
  if (end < 0) return { ok: true, scaffold: { keys: [], defaults: {} } };
  const yaml = lines.slice(start, end).join('\n').replace(PLACEHOLDER, (_, name: string) => `${MARK}${name.replace(/\./g, '_')}`);
  const doc = parseDocument(yaml, { prettyErrors: true, uniqueKeys: false });
  const error = doc.errors[0];
  if (error) {
    const line = errorLine(error);
    return { ok: false, line: line === undefined ? undefined : line + start, message: firstLine(error.message) };
  }
  if (doc.contents === null) return { ok: true, scaffold: { keys: [], defaults: {} } };
  if (!isMap(doc.contents)) return { ok: false, line: start + 1, message: 'front matter is not a mapping of keys to values' };
  const values = doc.toJS({ maxAliasCount: 100 }) as Record<string, unknown>;
  const keys: string[] = [];
  const defaults: Record<string, unknown> = {};
  for (const pair of doc.contents.items) {
    const key = isScalar(pair.key) ? str(pair.key.value) : undefined;
    if (key === undefined || keys.includes(key)) continue;
    keys.push(key);
    const value = values[key] ?? null;
    // A placeholder anywhere in the value means Hexo fills it per post: no default of ours.
    if (JSON.stringify(value).includes(MARK)) continue;
    defaults[key] = value;
  }
  return { ok: true, scaffold: { keys, defaults } };
}

/** The profile from the config's text and the scaffold's text (null when absent). */
export function profileFromText(configText: string, scaffoldText: string | null, scaffoldPath = 'scaffolds/post.md'): { ok: true; profile: BlogProfile } | { ok: false; error: ProfileError } {
  const parsed = parseYamlMap(configText);
  if (!parsed.ok) return { ok: false, error: { code: 'config-unparseable', line: parsed.line, message: parsed.message } };
  const c = parsed.value;
  const warnings: ProfileWarning[] = [];
  const read = Object.keys(c).filter((k) => ['title', 'url', 'timezone', 'post_asset_folder', 'new_post_name', 'default_category', 'filename_case', 'source_dir', 'marked'].includes(k));

  let timezone = str(c.timezone)?.trim() || undefined;
  if (timezone && !isTimeZone(timezone)) {
    warnings.push({ code: 'bad-timezone', value: timezone });
    timezone = undefined;
  }
  let sourceDir = 'source';
  if (c.source_dir !== undefined && c.source_dir !== null) {
    const dir = cleanDir(str(c.source_dir) ?? '');
    if (dir) sourceDir = dir;
    else warnings.push({ code: 'bad-source-dir', value: String(c.source_dir) });
  }
  const fc = Number(c.filename_case ?? 0);
  const filenameCase = fc === 1 || fc === 2 ? fc : 0;
  if (c.filename_case !== undefined && c.filename_case !== null && ![0, 1, 2].includes(fc)) warnings.push({ code: 'bad-value', key: 'filename_case', value: String(c.filename_case) });
  const marked = c.marked !== null && typeof c.marked === 'object' ? (c.marked as Record<string, unknown>) : {};

  let scaffold: Scaffold | null = null;
  if (scaffoldText !== null) {
    const s = parseScaffold(scaffoldText);
    if (!s.ok) return { ok: false, error: { code: 'scaffold-unparseable', path: scaffoldPath, line: s.line, message: s.message } };
    scaffold = s.scaffold;
  }
  const category = str(c.default_category)?.trim();
  const profile: BlogProfile = {
    title: str(c.title),
    url: str(c.url),
    timezone,
    postAssetFolder: truthy(c.post_asset_folder),
    newPostName: str(c.new_post_name)?.trim() || ':title.md',
    defaultCategory: category || undefined,
    filenameCase,
    sourceDir,
    markedPostAsset: truthy(marked.postAsset),
    scaffold,
    read,
    warnings,
  };
  return { ok: true, profile };
}

/** Where the scaffolds live (`scaffold_dir`, `scaffolds` by default). */
function scaffoldDir(configText: string): string {
  const parsed = parseYamlMap(configText);
  const dir = parsed.ok ? cleanDir(str(parsed.value.scaffold_dir) ?? '') : undefined;
  return dir ?? 'scaffolds';
}

/**
 * Reads the blog at the root of `fs`. A folder is a blog when it has `_config.yml` and its
 * source folder (`source_dir`, `source` by default).
 */
export async function loadBlogProfile(fs: BlogFs): Promise<ProfileResult> {
  let configText: string | null;
  try {
    configText = await fs.readText('_config.yml');
  } catch (e) {
    return { ok: false, error: { code: 'config-unparseable', message: `cannot read _config.yml: ${(e as Error).message}` } };
  }
  if (configText === null) return { ok: false, error: { code: 'no-config' } };
  const scaffoldPath = `${scaffoldDir(configText)}/post.md`;
  let scaffoldText: string | null = null;
  try {
    scaffoldText = await fs.readText(scaffoldPath);
  } catch {
    scaffoldText = null;
  }
  const result = profileFromText(configText, scaffoldText, scaffoldPath);
  if (!result.ok) return result;
  if (!(await fs.exists(result.profile.sourceDir))) return { ok: false, error: { code: 'no-source-folder', sourceDir: result.profile.sourceDir } };
  return result;
}

/** `source/_posts` of this blog, plus the subfolder, '/'-separated. */
export function postsDir(profile: BlogProfile, subfolder = ''): string {
  const sub = subfolder.replace(/^\/+|\/+$/g, '');
  return [profile.sourceDir, '_posts', ...(sub ? [sub] : [])].join('/');
}
