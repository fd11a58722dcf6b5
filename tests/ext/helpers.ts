import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { messagesTranslate, type Translate } from '../../utils/i18n';
import zh from '../../public/_locales/zh_CN/messages.json';
import en from '../../public/_locales/en/messages.json';

export const zhT: Translate = messagesTranslate(zh);
export const enT: Translate = messagesTranslate(en);
export const locales = { zh_CN: zh as Record<string, { message: string }>, en: en as Record<string, { message: string }> };

/** `browser.i18n.getMessage` over the zh_CN file, as Chrome answers in a Chinese UI. */
export function getMessageZh(key: string, substitutions?: string | string[]): string {
  return zhT(key, substitutions) === key && !(key in zh) ? '' : zhT(key, substitutions);
}

export const root = resolve(__dirname, '../..');

export function fixture(name: string): string {
  return readFileSync(resolve(root, 'tests/fixtures/pages', name), 'utf8');
}

export function fixtureUrl(html: string): string {
  return /<!--\s*saved from url=\(\d+\)(\S+?)\s*-->/.exec(html)?.[1] ?? '';
}
