/** Every site rule has its own test file and fixtures, and the content script matches only their hosts. */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentScriptMatches, generic, SITE_RULES } from '../../utils/sites';
import { FIXTURES } from '../helpers';

describe('site registry', () => {
  it.each([...SITE_RULES, generic].map((r) => r.id))('%s has a test file and fixtures with expectations', (id) => {
    expect(existsSync(join(import.meta.dirname, `${id}.test.ts`))).toBe(true);
    const files = readdirSync(join(FIXTURES, id));
    const pages = files.filter((f) => f.endsWith('.html'));
    expect(pages.length).toBeGreaterThan(0);
    for (const page of pages) expect(files).toContain(page.replace(/\.html$/, '.expected.json'));
  });

  it('gives rule ids once each', () => {
    const ids = SITE_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('derives content-script matches from the rules hosts, for http and https', () => {
    const matches = contentScriptMatches();
    for (const rule of SITE_RULES) for (const host of rule.hosts) expect(matches).toEqual(expect.arrayContaining([`http://${host}/*`, `https://${host}/*`]));
    expect(matches.every((m) => /^https?:\/\/(\*\.)?[a-z0-9.-]+\/\*$/.test(m))).toBe(true);
    expect(matches).not.toContain('<all_urls>');
  });
});
