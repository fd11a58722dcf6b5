/** The security check itself: a tree with a violation fails with file:line, a clean tree passes. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkManifest, checkSecurity, stripComments } from '../../scripts/check-security';

const ROOT = join(import.meta.dirname, '..', '..');

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'check-security-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const CLEAN = {
  'utils/core/sanitize.ts': 'export const f = (el: Element, html: string) => { el.innerHTML = html; };\n',
  'utils/core/hexo.ts': 'export const body = (el: Element) => `<div>${el.innerHTML}</div>`;\nconst same = (a: Element, b: string) => a.innerHTML === b;\n',
  'components/Reader.tsx': '// never hand it to innerHTML = anything, nor eval(…)\n/* document.write( is banned */\nexport const R = () => null;\n',
  'entrypoints/background.ts': 'const evaluate = (x: number) => x;\nexport default evaluate;\n',
};

const MANIFEST = {
  manifest_version: 3,
  name: 'x',
  version: '1',
  permissions: ['storage', 'activeTab'],
  host_permissions: ['https://*.qktoutiao.com/*'],
  content_scripts: [{ matches: ['https://*.qktoutiao.com/*'], js: ['c.js'] }],
};

function withManifest(root: string, manifest: unknown): string {
  const file = join(root, '.output', 'chrome-mv3', 'manifest.json');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(manifest));
  return file;
}

describe('check:security', () => {
  it('passes a clean tree: reads of innerHTML, the sanitizer module itself, comments, Node-only parsing', () => {
    const root = tree({ ...CLEAN, 'utils/node/reclean.ts': 'const doc = new window.DOMParser().parseFromString(html, "text/html");\n' });
    withManifest(root, MANIFEST);
    expect(checkSecurity(root)).toEqual([]);
  });

  it.each([
    ['utils/extension/page.ts', 'export function show(el: Element, html: string) {\n  el.innerHTML = html;\n}\n', 2, 'innerHTML'],
    ['components/View.tsx', 'export const V = ({ h }: { h: string }) => <div dangerouslySetInnerHTML={{ __html: h }} />;\n', 1, 'dangerouslySetInnerHTML'],
    ['entrypoints/popup/main.ts', 'const a = 1;\ndocument.body.insertAdjacentHTML("beforeend", "<b>x</b>");\n', 2, 'insertAdjacentHTML'],
    ['entrypoints/reader.content/index.ts', '\n\nel.outerHTML += "<i></i>";\n', 3, 'outerHTML'],
    ['utils/x.ts', 'document.write("<p>");\n', 1, 'document.write'],
    ['utils/y.ts', 'const r = eval("1+1");\n', 1, 'eval('],
    ['utils/z.ts', 'const f = new Function("return 1");\n', 1, 'new Function('],
    ['utils/w.ts', 'const d = new DOMParser().parseFromString(s, "text/html");\n', 1, 'parseFromString'],
    ['utils/v.ts', 'const n = document.adoptNode(fragment);\n', 1, 'adoptNode'],
    // Node-only code may parse (it never reaches a browser), but nothing bundled may import it.
    ['utils/extension/save.ts', "import { parsePage } from '../node/jsdom';\n", 1, 'Node-only'],
    ['utils/node/x.ts', 'const n = document.adoptNode(fragment);\n', 1, 'adoptNode'],
    // Even the sanitizer may not move its output into the page.
    ['utils/core/sanitize.ts', 'export const f = (el: Element, html: string) => { el.innerHTML = html; };\nexport const g = (d: Document, n: Node) => d.adoptNode(n);\n', 2, 'adoptNode'],
  ])('fails on %s, naming the file and line', (path, text, line, what) => {
    const root = tree({ ...CLEAN, [path]: text });
    const findings = checkSecurity(root);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toContain(`${path}:${line}:`);
    expect(findings[0]).toContain(what);
  });

  it('keeps line numbers when it blanks comments', () => {
    const src = 'a /* x\ny */ b // el.innerHTML = 1\n"// not a comment"\n';
    const out = stripComments(src);
    expect(out.split('\n')).toHaveLength(src.split('\n').length);
    expect(out).not.toContain('innerHTML');
    expect(out).toContain('"// not a comment"');
  });

  it.each([
    ['unsafe-eval in the CSP', { content_security_policy: { extension_pages: "script-src 'self' 'unsafe-eval'; object-src 'self'" } }, 'unsafe-eval'],
    ['a remote script source', { content_security_policy: { extension_pages: "script-src 'self' https://cdn.example.com; object-src 'self'" } }, 'https://cdn.example.com'],
    ['the tabs permission', { permissions: ['storage', 'tabs'] }, 'tabs'],
    ['cookies', { permissions: ['cookies'] }, 'cookies'],
    ['webRequest', { permissions: ['webRequest'] }, 'webRequest'],
    ['<all_urls> hosts', { host_permissions: ['<all_urls>'] }, '<all_urls>'],
    ['every host in a content script', { content_scripts: [{ matches: ['*://*/*'], js: ['c.js'] }] }, '*://*/*'],
  ])('fails a manifest with %s', (_name, change, word) => {
    const root = tree(CLEAN);
    withManifest(root, { ...MANIFEST, ...change });
    const findings = checkSecurity(root);
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.join('\n')).toContain(word);
  });

  it("accepts MV3's default CSP written out, or a stricter one", () => {
    const root = tree({});
    const file = withManifest(root, { ...MANIFEST, content_security_policy: { extension_pages: "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'" } });
    expect(checkManifest(file)).toEqual([]);
    withManifest(root, { ...MANIFEST, content_security_policy: { extension_pages: "script-src 'self'; object-src 'none'" } });
    expect(checkManifest(file)).toEqual([]);
  });

  it('exits 1 and lists file:line from the command line; 0 on this project', () => {
    const root = tree({ ...CLEAN, 'utils/bad.ts': 'x.innerHTML = y;\n' });
    const bad = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'check-security.ts'), '--root', root], { cwd: ROOT, encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('utils/bad.ts:1:');
    const good = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'check-security.ts')], { cwd: ROOT, encoding: 'utf8' });
    expect(good.status, good.stderr).toBe(0);
  }, 60_000);
});

describe('check:security on the build', () => {
  it('refuses a bundle Chrome would not inject: a raw noncharacter, or a surrogate written as bytes', () => {
    const root = tree({ ...CLEAN });
    const file = withManifest(root, MANIFEST);
    const dir = dirname(file);
    writeFileSync(join(dir, 'ok.js'), 'var a="\\ufdd0",b="中文",c=JSON.parse(`"\\\\ufdd0"`);');
    expect(checkSecurity(root)).toEqual([]);
    writeFileSync(join(dir, 'reader.js'), `var a=\`${'\ufdd0'}\`;`);
    // A surrogate written out as bytes on its own (CESU-8), as a bundler may.
    writeFileSync(join(dir, 'other.js'), Buffer.concat([Buffer.from('var b="'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('x";')]));
    const findings = checkSecurity(root);
    expect(findings).toHaveLength(2);
    expect(findings.join('\n')).toContain('reader.js: not loadable as UTF-8 by Chrome');
    expect(findings.join('\n')).toContain('other.js: not loadable as UTF-8 by Chrome');
  });
});
