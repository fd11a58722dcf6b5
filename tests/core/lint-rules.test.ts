/**
 * The project's architecture and security rules in eslint.config.js: each forbidden line fails
 * in the folder it is forbidden in, naming the rule, and passes where it is allowed. The files are
 * virtual (linted as text under the path they would have), so nothing is written to the project.
 */
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: ROOT });
});

async function problems(path: string, code: string): Promise<{ rule: string | null; line: number; message: string }[]> {
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, path) });
  return result!.messages.map((m) => ({ rule: m.ruleId, line: m.line, message: m.message }));
}

describe('eslint: strings become DOM only in the sanitizer, and no eval', () => {
  it.each([
    ['utils/extension/page.ts', 'export function show(el: Element, html: string) {\n  el.innerHTML = html;\n}\n', 2, 'no-unsanitized/property'],
    ['entrypoints/reader.content/index.ts', 'export const f = (el: Element, s: string) => {\n\n  el.outerHTML += s;\n};\n', 3, 'no-unsanitized/property'],
    ['entrypoints/popup/main.ts', 'export const f = (s: string) => {\n  document.body.insertAdjacentHTML("beforeend", s);\n};\n', 2, 'no-unsanitized/method'],
    ['utils/x.ts', 'export const f = (s: string) => document.write(s);\n', 1, 'no-unsanitized/method'],
    ['components/View.tsx', 'export const V = ({ h }: { h: string }) => <div dangerouslySetInnerHTML={{ __html: h }} />;\n', 1, 'no-restricted-syntax'],
    ['utils/w.ts', 'export const d = (s: string) => new DOMParser().parseFromString(s, "text/html");\n', 1, 'no-restricted-syntax'],
    ['utils/core/w.ts', 'export const d = (r: Range, s: string) => r.createContextualFragment(s);\n', 1, 'no-unsanitized/method'],
    ['utils/y.ts', 'export const r = eval("1+1");\n', 1, 'no-eval'],
    ['utils/z.ts', 'export const f = new Function("return 1");\n', 1, 'no-new-func'],
    ['entrypoints/background.ts', 'setTimeout("alert(1)", 10);\n', 1, 'no-implied-eval'],
    // A node adopted from an inert document keeps its handlers in a Chromium content script:
    // banned even in the sanitizer and in Node-only code.
    ['utils/v.ts', 'export const n = (f: Node) => document.adoptNode(f);\n', 1, 'no-restricted-syntax'],
    ['utils/core/sanitize.ts', 'export const g = (d: Document, n: Node) => d.adoptNode(n);\n', 1, 'no-restricted-syntax'],
    ['utils/node/x.ts', 'export const n = (f: Node) => document.adoptNode(f);\n', 1, 'no-restricted-syntax'],
  ])('fails %s at its line', async (path, code, line, rule) => {
    const found = await problems(path, code);
    expect(found).toEqual([expect.objectContaining({ rule, line })]);
  });

  it('allows reading innerHTML, the sanitizer module itself, sinks named in comments, and parsing in Node-only code', async () => {
    expect(await problems('utils/core/hexo.ts', 'export const body = (el: Element) => `<div>${el.innerHTML}</div>`;\nexport const same = (a: Element, b: string) => a.innerHTML === b;\n')).toEqual([]);
    expect(await problems('utils/core/sanitize.ts', 'export const f = (el: Element, html: string) => { el.innerHTML = html; };\n')).toEqual([]);
    expect(await problems('components/Reader.tsx', '// never hand it to innerHTML = anything, nor eval(…)\n/* document.write( is banned */\nexport const R = () => null;\n')).toEqual([]);
    expect(await problems('utils/node/reclean.ts', 'export const doc = (w: Window, html: string) => new w.DOMParser().parseFromString(html, "text/html");\n')).toEqual([]);
    expect(await problems('entrypoints/background.ts', 'const evaluate = (x: number) => x;\nexport default evaluate;\n')).toEqual([]);
  });
});

describe('eslint: import boundaries', () => {
  it.each([
    ['utils/extension/save.ts', "import { parsePage } from '../node/jsdom';\nexport const p = parsePage;\n", 1, 'no-restricted-imports'],
    ['entrypoints/options/main.tsx', "import { parsePage } from '@/utils/node/jsdom';\nexport const p = parsePage;\n", 1, 'no-restricted-imports'],
    ['components/Popup.tsx', "export const load = () => import('../utils/node/jsdom');\n", 1, 'no-restricted-syntax'],
    ['utils/core/x.ts', "import { browser } from 'wxt/browser';\nexport const b = browser;\n", 1, 'no-restricted-imports'],
    ['utils/sites/x.ts', "import { storage } from '#imports';\nexport const s = storage;\n", 1, 'no-restricted-imports'],
    ['utils/blog/x.ts', "import browser from 'webextension-polyfill';\nexport const b = browser;\n", 1, 'no-restricted-imports'],
    ['utils/settings/x.ts', "import { browser } from '@wxt-dev/browser';\nexport const b = browser;\n", 1, 'no-restricted-imports'],
    ['utils/core/y.ts', "import { openTab } from '../extension/tabs';\nexport const o = openTab;\n", 1, 'no-restricted-imports'],
    ['utils/core/z.ts', "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n", 1, 'no-restricted-imports'],
    ['utils/blog/z.ts', "import { join } from 'path';\nexport const j = join;\n", 1, 'no-restricted-imports'],
    ['utils/blog/w.ts', "import { posix } from 'path/posix';\nexport const p = posix;\n", 1, 'no-restricted-imports'],
    ['utils/core/n.ts', "import { parsePage } from '../node/jsdom';\nexport const p = parsePage;\n", 1, 'no-restricted-imports'],
    ['utils/core/d.ts', "export const load = () => import('wxt/browser');\n", 1, 'no-restricted-syntax'],
    ['utils/sites/b.ts', 'export const id = () => browser.runtime.id;\n', 1, 'no-restricted-globals'],
    ['utils/core/c.ts', 'export const id = () => chrome.runtime.id;\n', 1, 'no-restricted-globals'],
    ['utils/settings/g.ts', 'export const id = () => (globalThis.chrome as { runtime: { id: string } }).runtime.id;\n', 1, 'no-restricted-properties'],
    // Settings are pure data: their storage lives with the browser code (utils/extension/settings-storage.ts).
    ['utils/settings/storage.ts', "import { storage } from 'wxt/utils/storage';\nexport const s = storage;\n", 1, 'no-restricted-imports'],
  ])('fails %s', async (path, code, line, rule) => {
    const found = await problems(path, code);
    expect(found).toEqual([expect.objectContaining({ rule, line })]);
  });

  it('allows the core its own modules and libraries, browser code the browser, Node code Node', async () => {
    expect(await problems('utils/core/ok.ts', "import DOMPurify from 'dompurify';\nimport { clip } from './pipeline';\nimport type { SiteRule } from '../sites/types';\nexport const x: [unknown, unknown, SiteRule?] = [DOMPurify, clip];\n")).toEqual([]);
    expect(await problems('utils/extension/ok.ts', "import { browser } from 'wxt/browser';\nimport { clip } from '../core/pipeline';\nexport const x = [browser, clip];\n")).toEqual([]);
    expect(await problems('entrypoints/ok.ts', "import { storage } from '#imports';\nexport const id = () => [browser.runtime.id, storage];\n")).toEqual([]);
    expect(await problems('utils/extension/settings-storage.ts', "import { storage } from 'wxt/utils/storage';\nexport const s = storage;\n")).toEqual([]);
    expect(await problems('utils/node/ok.ts', "import { readFileSync } from 'node:fs';\nimport { nodeDeps } from './jsdom';\nexport const x = [readFileSync, nodeDeps];\n")).toEqual([]);
    expect(await problems('scripts/ok.ts', "import { parsePage } from '../utils/node/jsdom';\nexport const p = parsePage;\n")).toEqual([]);
  });
});
