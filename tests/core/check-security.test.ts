/**
 * The security check on the build: a manifest or a script that loosens what the browser allows
 * fails, naming it; a clean build passes. The source rules are ESLint's (tests/core/lint-rules.test.ts).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkManifest, checkSecurity } from '../../scripts/check-security';

const ROOT = join(import.meta.dirname, '..', '..');

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'check-security-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

/** Source files with what the old regular-expression scan flagged: the build check ignores sources. */
const CLEAN = {
  'utils/core/sanitize.ts': 'export const f = (el: Element, html: string) => { el.innerHTML = html; };\n',
  'utils/extension/page.ts': 'export function show(el: Element, html: string) {\n  el.innerHTML = html;\n}\n',
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
  it('passes a clean build', () => {
    const root = tree(CLEAN);
    withManifest(root, MANIFEST);
    expect(checkSecurity(root)).toEqual([]);
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

  it('exits 1 and lists the findings from the command line; 0 on a clean build', () => {
    const root = tree(CLEAN);
    const file = withManifest(root, { ...MANIFEST, permissions: ['storage', 'tabs'] });
    const script = join(ROOT, 'scripts', 'check-security.ts');
    const bad = spawnSync(process.execPath, ['--import', 'tsx', script, '--root', root], { cwd: ROOT, encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('permissions asks for tabs');
    writeFileSync(file, JSON.stringify(MANIFEST));
    const good = spawnSync(process.execPath, ['--import', 'tsx', script, '--root', root], { cwd: ROOT, encoding: 'utf8' });
    expect(good.status, good.stderr).toBe(0);
    expect(good.stdout).toContain('check:security: ok');
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
