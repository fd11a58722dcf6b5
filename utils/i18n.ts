/**
 * UI strings. Views receive a `Translate` (a Preact context) instead of calling `browser.i18n`,
 * so component tests can hand in the real locale files and fail on a missing key.
 */
import type { Removal } from './core/types';

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

type RemovedKind = 'promoFooter' | 'promoQr' | 'promoApp' | 'promoCustom' | 'promo' | 'tracking' | 'pageParts' | 'script' | 'zeroWidth' | 'empty';

export function removedKind(r: Removal): RemovedKind {
  switch (r.step) {
    case 'promo':
      if (/footer/.test(r.reason)) return 'promoFooter';
      if (/QR/i.test(r.reason)) return 'promoQr';
      if (/app/i.test(r.reason)) return 'promoApp';
      if (/custom/.test(r.reason)) return 'promoCustom';
      return 'promo';
    case 'tracking':
      return 'tracking';
    case 'pre-clean':
    case 'link-list':
    case 'chrome':
      return 'pageParts';
    case 'script':
      return 'script';
    case 'zero-width':
      return 'zeroWidth';
    case 'empty':
      return 'empty';
  }
}

/** Kinds a reader cares about, in the order the summary names them; scripts and white space are only in the list. */
const SUMMARY_KINDS: RemovedKind[] = ['promoFooter', 'promoApp', 'promoQr', 'promoCustom', 'promo', 'tracking', 'pageParts'];

/** `已移除：推广页脚 1 处、跟踪图片 2 张`, or the "nothing removed" sentence. */
export function removedSummary(removed: Removal[], t: Translate): string {
  const counts = new Map<RemovedKind, number>();
  for (const r of removed) counts.set(removedKind(r), (counts.get(removedKind(r)) ?? 0) + 1);
  const parts = SUMMARY_KINDS.filter((k) => counts.has(k)).map((k) => t(`removed_${k}`, counts.get(k)));
  return parts.length ? t('removedSummary', parts.join(t('listSeparator'))) : t('removedNothing');
}

/** One line of the removed list: what kind, and what it was. */
export function removedItem(r: Removal, t: Translate): string {
  const what = r.text || r.src || r.reason;
  return `${t(`removedKind_${removedKind(r)}`)}: ${what}`;
}

/**
 * Why an image kept its remote URL, in the user's language. The reasons are the core's and the
 * fetcher's English (`too large (6 KB > 5 KB)`, `HTTP 403`); anything else is shown as it came.
 */
export function imageFailureText(reason: string, t: Translate): string {
  let m: RegExpExecArray | null;
  if ((m = /^too large \((.+) > (.+)\)$/.exec(reason))) return t('imageFail_tooLarge', [m[1] ?? '', m[2] ?? '']);
  if ((m = /^article image limit reached \((.+)\)$/.exec(reason))) return t('imageFail_articleLimit', m[1] ?? '');
  if ((m = /^not an image \((.+)\)$/.exec(reason))) return t('imageFail_notImage', m[1] ?? '');
  if ((m = /^HTTP (\d+)/.exec(reason))) return t('imageFail_http', m[1] ?? '');
  if ((m = /^no permission for (.+)$/.exec(reason))) return t('imageFail_noPermission', m[1] ?? '');
  return t('imageFail_other', reason);
}
