/**
 * `npm run new-site` on a copy of the code: the new site's rule and registry line type-check, the
 * lists derived from the registry take it in, the pipeline serves its example page, and the test it
 * wrote runs here, against the copy (imported while this file is collected).
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { newSite } from '../../scripts/new-site';

const ROOT = join(import.meta.dirname, '..', '..');
const ID = 'the-paper';
const HOST = '*.thepaper.cn';

/** The code the new site touches and its test needs, and the dependencies by link. */
function copyOfCode(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hexo-clipper-new-site-'));
  for (const path of ['utils', 'package.json', 'tests/helpers.ts', 'tests/sites/cases.ts', 'scripts/lib/site-fixtures.ts']) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    cpSync(join(ROOT, path), join(dir, path), { recursive: true });
  }
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

const dir = copyOfCode();
afterAll(() => {
  // The link first, so that removing the copy can never reach the real node_modules.
  unlinkSync(join(dir, 'node_modules'));
  rmSync(dir, { recursive: true, force: true });
});
const { files } = await newSite(dir, ID, HOST);
const load = <T>(path: string) => import(pathToFileURL(join(dir, path)).href) as Promise<T>;
const registry = await load<typeof import('../../utils/sites/registry')>('utils/sites/registry.ts');
const expected = JSON.parse(readFileSync(join(dir, 'utils/sites', ID, 'fixtures/example/expected.json'), 'utf8')) as { url: string; title: string; images: string[] };

describe('npm run new-site', () => {
  it('writes the rule, a fixture case, the test and the registry line, and nothing outside the copy', () => {
    for (const f of files) {
      expect(f.startsWith(dir)).toBe(true);
      expect(existsSync(f)).toBe(true);
    }
    expect(files.map((f) => f.slice(dir.length + 1)).sort()).toEqual(
      [`tests/sites/${ID}/${ID}.test.ts`, 'utils/sites/registry.ts', ...['rule.ts', 'fixtures/example/page.html', 'fixtures/example/expected.json', 'fixtures/example/expected.md'].map((f) => `utils/sites/${ID}/${f}`)].sort(),
    );
    expect(existsSync(join(ROOT, 'utils/sites', ID))).toBe(false);
  });

  it('writes a rule and registry that type-check', () => {
    const program = ts.createProgram([join(dir, 'utils/sites/registry.ts')], {
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      noUncheckedIndexedAccess: true,
      target: ts.ScriptTarget.ESNext,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      types: [],
      lib: ['lib.esnext.d.ts', 'lib.dom.d.ts'],
    });
    const errors = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(program.getSourceFiles().some((f) => f.fileName.endsWith(`sites/${ID}/rule.ts`))).toBe(true);
    expect(errors).toEqual([]);
  });

  it('registers the site last, and every derived list takes it in', () => {
    expect(registry.SITE_RULES.map((r) => r.id)).toEqual(['qutoutiao', 'qilu', ID]);
    expect(registry.DEFAULT_SITE_IDS).toContain(ID);
    expect(registry.contentScriptMatches()).toEqual(expect.arrayContaining([`http://${HOST}/*`, `https://${HOST}/*`]));
    expect(registry.imageHostPermissions()).toContain(`*://${HOST}/*`);
    expect(registry.siteHostPatterns()).toContain(HOST);
    expect(registry.ruleForHost(new URL(expected.url).hostname)?.id).toBe(ID);
  });

  it('writes the post the pipeline makes of the example page, with the expected metadata', async () => {
    const helpers = await load<typeof import('../helpers')>('tests/helpers.ts');
    const { article, post } = helpers.clipHtml(readFileSync(join(dir, 'utils/sites', ID, 'fixtures/example/page.html'), 'utf8'), expected.url);
    expect(article.site).toBe(ID);
    expect(article.title).toBe(expected.title);
    expect(article.images.map((i) => i.src)).toEqual(expected.images);
    expect(post.text).toBe(readFileSync(join(dir, 'utils/sites', ID, 'fixtures/example/expected.md'), 'utf8'));
  });

  it('refuses an id or host it cannot use, and a site that exists', async () => {
    await expect(newSite(dir, 'The Paper', HOST)).rejects.toThrow(/site id/);
    await expect(newSite(dir, 'other', 'http://x.cn/')).rejects.toThrow(/host/);
    await expect(newSite(dir, ID, HOST)).rejects.toThrow(/exists already/);
  });
});

// The test new-site wrote, run against the copy.
await load(`tests/sites/${ID}/${ID}.test.ts`);
