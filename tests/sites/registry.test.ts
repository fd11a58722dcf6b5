/**
 * A site is its folder and one registry line: every folder is registered and has its test and
 * fixture cases, and every list that names hosts (manifest, image hosts, default sites, the e2e
 * fixture server) is the registry's, so a site added or changed in one place shows up in all.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import config from '../../wxt.config';
import { MAPPED_HOSTS } from '../../scripts/lib/fixture-server';
import { siteCases, SITES_DIR } from '../../scripts/lib/site-fixtures';
import { IMAGE_HOST_PERMISSIONS } from '../../utils/image-hosts';
import { DEFAULT_SETTINGS } from '../../utils/settings/schema';
import { contentScriptMatches, DEFAULT_SITE_IDS, FALLBACK_RULE, qilu, qutoutiao, repostRules, SITE_RULES, type SiteRule } from '../../utils/sites';
import { FIXTURES, type Expected } from '../helpers';

const ROOT = join(import.meta.dirname, '..', '..');
const ALL = [...SITE_RULES, FALLBACK_RULE];
const siteFolders = readdirSync(SITES_DIR, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);

type ManifestFn = (env: { browser: string; manifestVersion: 2 | 3 }) => Record<string, unknown>;
const manifest = (browser: string, manifestVersion: 2 | 3) => (config.manifest as ManifestFn)({ browser, manifestVersion });

/** Every fixture page with its expectations: the golden pages and the sites' own cases. */
function allExpected(): Expected[] {
  const pages = readdirSync(join(FIXTURES, 'pages')).filter((f) => f.endsWith('.expected.json')).map((f) => join(FIXTURES, 'pages', f));
  return [...pages, ...siteCases().map((c) => c.expected)].map((f) => JSON.parse(readFileSync(f, 'utf8')) as Expected);
}

describe('site registry', () => {
  it('registers every site folder, once', () => {
    expect(ALL.map((r) => r.id).sort()).toEqual(siteFolders.sort());
    expect(new Set(ALL.map((r) => r.id)).size).toBe(ALL.length);
  });

  it.each(ALL.map((r) => r.id))('%s has its rule, its test and fixture cases with page, expectations and post', (id) => {
    expect(existsSync(join(SITES_DIR, id, 'rule.ts'))).toBe(true);
    expect(existsSync(join(ROOT, 'tests', 'sites', id, `${id}.test.ts`))).toBe(true);
    const cases = siteCases([id]);
    expect(cases.length).toBeGreaterThan(0);
    for (const c of cases) {
      for (const file of [c.page, c.expected, c.post]) expect(existsSync(file), file).toBe(true);
      expect((JSON.parse(readFileSync(c.expected, 'utf8')) as Expected).site).toBe(id);
    }
  });

  it('names each fixture case once across sites (the fixture server finds pages by name)', () => {
    const names = siteCases().map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(existsSync(join(FIXTURES, 'pages', `${name}.html`))).toBe(false);
  });

  it('derives content-script matches from the rules hosts, for http and https', () => {
    const matches = contentScriptMatches();
    expect(matches).toEqual(SITE_RULES.flatMap((r) => r.hosts.flatMap((h) => [`http://${h}/*`, `https://${h}/*`])));
    expect(matches.every((m) => /^https?:\/\/(\*\.)?[a-z0-9.-]+\/\*$/.test(m))).toBe(true);
    expect(matches).not.toContain('<all_urls>');
  });

  it.each([['chrome', 3], ['firefox', 2]] as const)('gives the %s manifest the registry hosts, and the image hosts as optional', (browser, mv) => {
    const m = manifest(browser, mv);
    expect(m.host_permissions).toEqual(contentScriptMatches());
    expect(m[mv === 3 ? 'optional_host_permissions' : 'optional_permissions']).toEqual(IMAGE_HOST_PERMISSIONS);
  });

  it('runs each content script on the registry hosts, not on a list of its own', () => {
    for (const file of ['entrypoints/detect.content.ts', 'entrypoints/reader.content/index.tsx']) {
      const source = readFileSync(join(ROOT, file), 'utf8');
      expect(source, file).toMatch(/\bmatches: contentScriptMatches\(\)/);
      expect(source.match(/\bmatches:/g), file).toHaveLength(1);
    }
  });

  it('derives the image hosts from the rules, each once', () => {
    const patterns = [...new Set(SITE_RULES.flatMap((r) => r.imageHosts))];
    expect([...IMAGE_HOST_PERMISSIONS].sort()).toEqual(patterns.map((h) => `*://${h}/*`).sort());
    expect(new Set(IMAGE_HOST_PERMISSIONS).size).toBe(IMAGE_HOST_PERMISSIONS.length);
  });

  it('switches every site on by default, from the registry', () => {
    expect(DEFAULT_SITE_IDS).toEqual(SITE_RULES.map((r) => r.id));
    expect(Object.keys(DEFAULT_SETTINGS.sites)).toEqual([...DEFAULT_SITE_IDS]);
    expect(Object.values(DEFAULT_SETTINGS.sites).every((on) => on === true)).toBe(true);
  });

  it('maps every registry host and every named site fixture URL to the e2e fixture server', () => {
    for (const rule of SITE_RULES) for (const host of [...rule.hosts, ...rule.imageHosts]) expect(MAPPED_HOSTS).toContain(host);
    for (const expected of allExpected()) {
      const host = new URL(expected.url).hostname;
      // Chromium's `MAP *.x` covers the subdomains of x only.
      expect(MAPPED_HOSTS.some((p) => (p.startsWith('*.') ? host.endsWith(p.slice(1)) : host === p)), expected.url).toBe(true);
    }
  });

  describe('reposts as data', () => {
    const byline = '齐鲁晚报·齐鲁壹点 记者 张三';
    it('adds a site whose repost the text carries, after the serving rule, as a whole when it applies every part', () => {
      expect(repostRules(qutoutiao, byline)).toEqual([qilu]);
      expect(repostRules(qutoutiao, byline)[0]).toBe(qilu);
      expect(repostRules(qutoutiao, '来源：新京报')).toEqual([]);
      expect(repostRules(qilu, byline)).toEqual([]);
      expect(repostRules(FALLBACK_RULE, byline)).toEqual([qilu]);
      expect(repostRules(qutoutiao, byline, { qilu: false })).toEqual([]);
    });
    it('cleans a repost with only the parts the rule applies', () => {
      const partial: SiteRule = { ...qilu, id: 'partial', reposts: { detect: qilu.reposts!.detect, applies: ['promo'] } };
      const [view] = repostRules(qutoutiao, byline, {}, [qutoutiao, partial]);
      expect(view).toMatchObject({ id: 'partial', promo: qilu.promo, clean: [], lazyImageAttrs: [], footers: [] });
    });
  });
});
