/**
 * Checking, resolving and repairing settings, all through the schema's leaves (`schema.ts`):
 * one check per field, whoever asks (options page, reader, popup, background, CLI).
 */
import * as v from 'valibot';
import { CHOICES, DEFAULT_SETTINGS, describeValue, leafSchema, PRESETS, SETTING_PATHS, type PresetName, type Settings } from './schema';
import { clone, getPath, setPath } from './path';

export { compilePromoPattern } from './pattern';

/** One invalid value: which field, what it accepts, what it got. Callers phrase it in the user's language (`reasons.ts`). */
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

/** Checks one field; used by the options page for inline errors, the reader, the popup and the CLI. */
export function checkField(path: string, value: unknown): SettingsIssue | null {
  const schema = leafSchema(path);
  if (!schema) return { path, expected: 'a known setting', got: describeValue(value) };
  // The first issue is the reason: the leaf's message, with the detail of what failed where it has one.
  const result = v.safeParse(schema, value, { abortEarly: true });
  return result.success ? null : { path, expected: result.issues[0].message, got: describeValue(value) };
}

export function validateSettings(value: unknown): SettingsIssue[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return [{ path: '(settings)', expected: 'a JSON object', got: describeValue(value) }];
  }
  return SETTING_PATHS.map((p) => checkField(p, getPath(value, p))).filter((i): i is SettingsIssue => i !== null);
}

/** The defaults, with a preset's values laid over them. */
export function presetDefaults(preset: PresetName): Settings {
  return { ...clone(DEFAULT_SETTINGS), ...clone(PRESETS[preset]), preset };
}

/**
 * Merges a partial settings object (a `--settings` file, an import) over the defaults of its
 * preset, and throws a SettingsError naming every invalid field. Unknown keys are rejected so
 * that a typo is not silently ignored.
 */
export function resolveSettings(partial: unknown, overrides: Record<string, unknown> = {}): Settings {
  if (partial === null || typeof partial !== 'object' || Array.isArray(partial)) {
    throw new SettingsError([{ path: '(settings)', expected: 'a JSON object', got: describeValue(partial) }]);
  }
  const input = { ...(partial as Record<string, unknown>), ...overrides };
  const issues: SettingsIssue[] = [];
  const preset = input.preset ?? DEFAULT_SETTINGS.preset;
  const presetIssue = checkField('preset', preset);
  if (presetIssue) throw new SettingsError([presetIssue]);
  const result = presetDefaults(preset as PresetName) as unknown as Record<string, unknown>;
  for (const [path, value] of leaves(input)) {
    if (!leafSchema(path)) {
      issues.push({ path, expected: `a known setting (${SETTING_PATHS.join(', ')})`, got: describeValue(value) });
      continue;
    }
    setPath(result, path, value);
  }
  issues.push(...validateSettings(result));
  if (issues.length) throw new SettingsError(issues);
  return result as unknown as Settings;
}

/** Flattens to the schema's leaf paths; objects that are leaves themselves (`sites`) stay whole. */
function leaves(obj: Record<string, unknown>, prefix = ''): [string, unknown][] {
  const out: [string, unknown][] = [];
  for (const [k, val] of Object.entries(obj)) {
    const path = prefix ? `${prefix}.${k}` : k;
    const isBranch = val !== null && typeof val === 'object' && !Array.isArray(val) && !leafSchema(path);
    if (isBranch) out.push(...leaves(val as Record<string, unknown>, path));
    else out.push([path, val]);
  }
  return out;
}

/**
 * Keeps every valid field of a stored value and puts defaults in place of the rest, so a
 * corrupt or hand-edited store never breaks the extension. Returns what was repaired; a field
 * that is missing (an older format) takes its default without being reported.
 */
export function repairSettings(value: unknown): { settings: Settings; repaired: string[] } {
  const base = clone(DEFAULT_SETTINGS) as unknown as Record<string, unknown>;
  const repaired: string[] = [];
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { settings: base as unknown as Settings, repaired: ['(settings)'] };
  }
  for (const path of SETTING_PATHS) {
    const stored = getPath(value, path);
    if (stored === undefined) continue;
    if (checkField(path, stored)) repaired.push(path);
    else setPath(base, path, clone(stored));
  }
  return { settings: base as unknown as Settings, repaired };
}

/** `remote, local or zip`: how the CLI lists what a flag accepts. */
function orList(values: readonly string[]): string {
  return values.length > 1 ? `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}` : (values[0] ?? '');
}

/**
 * The CLI's check of a flag that stands in for a setting (`--images` for `images.mode`), with the
 * setting's own rule: `--images: expected remote, local or zip, got "x"`. Null when valid.
 * `raw` is what was typed, when `value` was converted from it (a number).
 */
export function checkFlag(flag: string, path: string, value: unknown, raw: unknown = value): string | null {
  const issue = checkField(path, value);
  if (!issue) return null;
  const choices = CHOICES[path];
  return `${flag}: expected ${choices ? orList(choices.values) : issue.expected}, got "${String(raw)}"`;
}
