/**
 * UI strings. Views receive a `Translate` (a Preact context) instead of calling `browser.i18n`,
 * so component tests can hand in the real locale files and fail on a missing key.
 */
import { REMOVAL_CODES, type ImageFailureCode, type ReasonParams, type Removal, type RemovalCode } from './core/types';

export type Translate = (key: string, substitutions?: string | number | (string | number)[]) => string;

type Messages = Record<string, { message: string }>;

function subs(substitutions: Parameters<Translate>[1]): string[] {
  if (substitutions === undefined) return [];
  return (Array.isArray(substitutions) ? substitutions : [substitutions]).map(String);
}

/** A translator over a parsed `messages.json`, with the browsers' `$1`…`$9` substitution. Unknown keys come back as the key. */
export function messagesTranslate(messages: Messages): Translate {
  return (key, substitutions) => {
    const entry = messages[key];
    if (!entry) return key;
    const values = subs(substitutions);
    return entry.message.replace(/\$(\d)/g, (_, n: string) => values[Number(n) - 1] ?? '').replace(/\$\$/g, '$');
  };
}

/** The browsers' own lookup; a missing key shows as the key, visible in review rather than blank. */
export function getMessageTranslate(getMessage: (key: string, substitutions?: string[]) => string): Translate {
  return (key, substitutions) => getMessage(key.replace(/[^A-Za-z0-9_@]/g, '_'), subs(substitutions)) || key;
}

/** A message key from a settings path: `reader.fontSize` → `reader_fontSize`. */
export function pathKey(path: string): string {
  return path.replace(/\./g, '_');
}

type ReasonCode = RemovalCode | ImageFailureCode;

const kb = (bytes: string | number | undefined) => `${Math.ceil(Number(bytes) / 1024)} KB`;

/** Each code's substitutions, in its message's `$1`, `$2` order; a code not listed has none. */
const ARGS: Partial<Record<ReasonCode, (p: ReasonParams) => (string | number | undefined)[]>> = {
  'image-http': (p) => [p.status],
  'image-no-permission': (p) => [p.host],
  'image-too-large': (p) => [kb(p.size), kb(p.limit)],
  'image-article-limit': (p) => [kb(p.limit)],
  'image-not-image': (p) => [p.type],
  'image-download-failed': (p) => [p.file, p.detail],
  'image-fetch-failed': (p) => [p.detail],
};

/** The message key of a code: `promo-footer` → `reason_promo_footer` (message names allow no `-`). */
export function reasonKey(code: ReasonCode): string {
  return `reason_${code.replace(/-/g, '_')}`;
}

const pluralRules = new Map<string, Intl.PluralRules | null>();

/** `one`, `other`… for `count` in the language of the messages `t` reads (their `pluralLocale`). */
function pluralForm(count: number, t: Translate): string {
  const locale = t('pluralLocale');
  if (!pluralRules.has(locale)) {
    let rules: Intl.PluralRules | null = null;
    try {
      rules = new Intl.PluralRules(locale);
    } catch {
      // Not a language tag (a missing key comes back as the key): every count takes `other`.
    }
    pluralRules.set(locale, rules);
  }
  return pluralRules.get(locale)?.select(count) ?? 'other';
}

/**
 * A counted message in the plural form `count` takes in the messages' language: `KEY_one` /
 * `KEY_other` (`1 tracking image`, `2 tracking images`); `other` where a form has no message.
 */
export function plural(key: string, count: number, t: Translate, substitutions: (string | number)[] = [count]): string {
  const form = `${key}_${pluralForm(count, t)}`;
  const text = t(form, substitutions);
  return text === form ? t(`${key}_other`, substitutions) : text;
}

/**
 * The one place a reason code becomes words in the user's language. With a numeric
 * `params.count`, the counted form in that language's plural (`reason_promo_footer_one` /
 * `_other`: `1 promo footer`, `2 promo footers`; one form in Chinese); otherwise the code's own
 * message with its parameters (`refused by the server (HTTP 404)`, or a removal's name).
 */
export function reasonText(code: ReasonCode, params: ReasonParams | undefined, t: Translate): string {
  const key = reasonKey(code);
  const count = params?.count;
  if (typeof count === 'number') return plural(key, count, t);
  return t(key, (ARGS[code]?.(params ?? {}) ?? []).map((v) => v ?? ''));
}

/** Kept in the list but not named in the one-line summary: scripts and white space mean nothing to a reader. */
const UNSUMMARISED = new Set<RemovalCode>(['script', 'zero-width', 'empty-blocks']);

/** `已移除：推广页脚 1 处、跟踪图片 2 张` / `Removed: 1 promo footer, 2 tracking images`, or the "nothing removed" sentence. */
export function removedSummary(removed: Removal[], t: Translate): string {
  const counts = new Map<RemovalCode, number>();
  for (const r of removed) counts.set(r.code, (counts.get(r.code) ?? 0) + 1);
  const parts = REMOVAL_CODES.filter((code) => counts.has(code) && !UNSUMMARISED.has(code)).map((code) => reasonText(code, { count: counts.get(code)! }, t));
  return parts.length ? t('removedSummary', parts.join(t('listSeparator'))) : t('removedNothing');
}

/** One line of the removed list: what kind, and what it was (`推广页脚: 找记者…`), or how many (`空段落 3 个`). */
export function removedItem(r: Removal, t: Translate): string {
  const what = r.text || r.src;
  return what ? `${reasonText(r.code, undefined, t)}: ${what}` : reasonText(r.code, r.params, t);
}
