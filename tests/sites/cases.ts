/** A site's own fixture case (`utils/sites/<id>/fixtures/<case>/`), read for its test. */
import { readFileSync } from 'node:fs';
import { siteCases } from '../../scripts/lib/site-fixtures';
import type { Expected } from '../helpers';

export function siteCase(site: string, name: string): { html: string; expected: Expected; post: string } {
  const c = siteCases([site]).find((x) => x.name === name);
  if (!c) throw new Error(`no fixture case ${name} in utils/sites/${site}/fixtures`);
  return { html: readFileSync(c.page, 'utf8'), expected: JSON.parse(readFileSync(c.expected, 'utf8')) as Expected, post: readFileSync(c.post, 'utf8') };
}
