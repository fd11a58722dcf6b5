/**
 * The sites' own fixture cases, `utils/sites/<id>/fixtures/<case>/`: `page.html`, `expected.json`
 * (the URL the page is served at and the metadata, text, images and removals a clip must give) and
 * `expected.md` (the exact Hexo post). Node-only: tests, benchmarks and the fixture server list
 * them from here, the way `tests/fixtures/pages/` is listed.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { FALLBACK_RULE, SITE_RULES } from '../../utils/sites/registry';

export const SITES_DIR = resolve(import.meta.dirname, '..', '..', 'utils', 'sites');

interface SiteCase {
  site: string;
  /** The case's folder name, unique across sites (`089`, `034-ql`, `article`). */
  name: string;
  page: string;
  expected: string;
  post: string;
}

function siteFixturesDir(site: string): string {
  return join(SITES_DIR, site, 'fixtures');
}

/** Every case of the given sites (by default every registered site, then the fallback), by name. */
export function siteCases(sites: readonly string[] = [...SITE_RULES, FALLBACK_RULE].map((r) => r.id)): SiteCase[] {
  return sites.flatMap((site) => {
    const dir = siteFixturesDir(site);
    if (!existsSync(dir)) return [];
    return readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort()
      .map((name) => ({ site, name, page: join(dir, name, 'page.html'), expected: join(dir, name, 'expected.json'), post: join(dir, name, 'expected.md') }));
  });
}
