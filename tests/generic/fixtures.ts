/** The generic fixture set: tests/fixtures/generic/NAME.html with NAME.expected.json. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { clip } from '../../utils/core/pipeline';
import { nodeDeps } from '../../utils/node/jsdom';
import { docFor, FIXED_NOW, FIXTURES, readFixture, settingsWith } from '../helpers';

export interface GenericExpected {
  url: string;
  refused?: string;
  title: string;
  published: string | null;
  publishedFrom?: string;
  dayOnly?: boolean;
  zoneAssumed?: boolean;
  modified?: string;
  author: string | null;
  source: string | null;
  language: string | null;
  blocks: string[];
  noise: string[];
  removed?: string[];
}

/**
 * The generic rule's own case lives in its site folder (utils/sites/generic/fixtures/). Pages that
 * must be refused live in `refused/`: other tests take every top-level page for an article.
 */
export const GENERIC_PAGES = [
  ...readdirSync(join(FIXTURES, 'generic')).filter((f) => f.endsWith('.html')),
  ...readdirSync(join(FIXTURES, 'generic', 'refused')).filter((f) => f.endsWith('.html')).map((f) => `refused/${f}`),
]
  .map((f) => f.replace(/\.html$/, ''))
  .sort();

export const genericExpected = (name: string) => JSON.parse(readFixture('generic', `${name}.expected.json`)) as GenericExpected;
export const genericClip = (name: string) => {
  const expected = genericExpected(name);
  return clip(docFor(readFixture('generic', `${name}.html`), expected.url), expected.url, settingsWith(), nodeDeps(() => FIXED_NOW));
};

