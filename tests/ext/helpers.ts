import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { messagesTranslate, type Translate } from '../../utils/i18n';
import type { ClipSuccess } from '../../utils/messages';
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

/**
 * `html` as the live document of the jsdom environment (its URL stays jsdom's own). Only the
 * children of head and body change, and the body's attributes, never the elements themselves:
 * the ext project shares one document across files, and testing-library's `screen` stays bound to
 * the body it first saw.
 */
export function showAsPage(html: string): void {
  const parsed = new DOMParser().parseFromString(html, 'text/html');
  const adopt = (from: Element) => [...from.childNodes].map((node) => document.importNode(node, true));
  document.head.replaceChildren(...adopt(parsed.head));
  document.body.replaceChildren(...adopt(parsed.body));
  for (const { name } of [...document.body.attributes]) document.body.removeAttribute(name);
  for (const { name, value } of [...parsed.body.attributes]) document.body.setAttribute(name, value);
}

export function fixtureUrl(html: string): string {
  return /<!--\s*saved from url=\(\d+\)(\S+?)\s*-->/.exec(html)?.[1] ?? '';
}

/** A clipped Qutoutiao article as the background answers the popup; tests override what they look at. */
export function clipSuccess(overrides: Partial<ClipSuccess> = {}): ClipSuccess {
  return {
    ok: true,
    site: 'qutoutiao',
    siteLabel: { zh: '趣头条', en: 'Qutoutiao' },
    rules: ['qutoutiao'],
    generic: false,
    title: '德州寒潮模式继续发威',
    published: '2021-12-24T17:38:00+08:00',
    date: '2021-12-24 17:38:00',
    source: '齐鲁壹点',
    author: null,
    url: 'http://html2.qktoutiao.com/detail/2021/12/24/1896674371.html',
    cover: null,
    images: [],
    removed: [],
    warnings: [],
    filename: '德州寒潮模式继续发威.md',
    post: '---\ntitle: 德州寒潮模式继续发威\n---\n\n正文\n',
    tags: [],
    categories: [],
    ...overrides,
  } as ClipSuccess;
}
