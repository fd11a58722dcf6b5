/**
 * `npm run bench [-- --iterations N] [--clock cpu|wall] [--json-only]`
 * The pipeline against MarkDownload's (plain Readability on a clone of the whole page + Turndown),
 * in-process, in jsdom, on every fixture page. DOM parsing is excluded: each page is parsed once,
 * then both are timed from that Document to Markdown text. Both clone the Document and never
 * touch it, so the same Document serves every run. Medians of several runs per page. The `path`
 * column says whether the pipeline ran Readability on the page or found a plain site root it could
 * skip Readability on (utils/core/plain-markup.ts).
 * A benchmark, not a test: nothing here asserts a time.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { Readability } from '@mozilla/readability';
import TurndownService from 'turndown';
import { gfm } from '@joplin/turndown-plugin-gfm';
import { extract } from '../utils/core/extract';
import { clip } from '../utils/core/pipeline';
import { discoverUrl, nodeDeps, parsePage } from '../utils/node/jsdom';
import { resolveSettings } from '../utils/settings/validate';
import { SITE_RULES } from '../utils/sites';
import { siteCases } from './lib/site-fixtures';

const { values } = parseArgs({
  options: {
    iterations: { type: 'string', default: '15' },
    dir: { type: 'string', default: 'tests/fixtures/pages' }, // = DEFAULT_DIR
    'json-only': { type: 'boolean', default: false },
    clock: { type: 'string', default: 'cpu' },
  },
});
const iterations = Math.max(1, Number(values.iterations) || 15);
const dir = values.dir as string;

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
const round = (x: number) => Math.round(x * 100) / 100;

const settings = resolveSettings({});
const deps = nodeDeps(() => new Date('2024-01-01T00:00:00Z'));

// MarkDownload's pipeline, as its options default: Readability's HTML string straight into Turndown with GFM.
const turndown = new TurndownService({ headingStyle: 'atx', codeBlockStyle: 'fenced' });
turndown.use(gfm);

function baseline(doc: Document): string {
  const clone = doc.cloneNode(true) as Document;
  const article = new Readability(clone).parse();
  return turndown.turndown(article?.content ?? '');
}

function pipeline(doc: Document, url: string): string {
  const result = clip(doc, url, settings, deps);
  return result.ok ? result.post.text : '';
}

/**
 * CPU time of this process (user + system), not wall time: on a shared CI machine other jobs
 * stretch wall time by whatever they take, CPU time only by cache effects. `--clock wall` for
 * the other.
 */
function time(fn: () => unknown): number {
  if (values.clock === 'wall') {
    const t0 = performance.now();
    fn();
    return performance.now() - t0;
  }
  const t0 = process.cpuUsage();
  fn();
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / 1000;
}

const DEFAULT_DIR = 'tests/fixtures/pages';
// The golden set: the pages folder and the named sites' own cases (utils/sites/<id>/fixtures/).
const files = [
  ...readdirSync(dir).filter((f) => f.endsWith('.html')).sort().map((f) => ({ file: f, path: join(dir, f) })),
  ...(values.dir === DEFAULT_DIR ? siteCases(SITE_RULES.map((r) => r.id)).map((c) => ({ file: c.name, path: c.page })) : []),
];
const rows: { page: string; pipeline: number; baseline: number; ok: boolean; path: string }[] = [];
const log = (line: string) => {
  if (!values['json-only']) process.stdout.write(`${line}\n`);
};
log(`page            pipeline ms  baseline ms  ratio  path         (${values.clock} time, median of ${iterations} runs)`);

for (const { file, path: filePath } of files) {
  const html = readFileSync(filePath, 'utf8');
  const probe = parsePage(html);
  const url = discoverUrl(html, probe.window.document) ?? 'https://example.com/article/1.html';
  const doc = parsePage(html, url).window.document;
  // One untimed run of each warms the JIT and the shared Turndown/DOMPurify instances.
  const ok = pipeline(doc, url) !== '';
  const extraction = extract(doc, url, settings.sites);
  const path = !extraction.ok ? '-' : extraction.extraction.readability ? 'readability' : 'site root';
  baseline(doc);
  const p: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < iterations; i++) {
    // Alternate the order so neither side always runs on a warmer heap.
    if (i % 2) {
      b.push(time(() => baseline(doc)));
      p.push(time(() => pipeline(doc, url)));
    } else {
      p.push(time(() => pipeline(doc, url)));
      b.push(time(() => baseline(doc)));
    }
  }
  const row = { page: file, pipeline: median(p), baseline: median(b), ok, path };
  rows.push(row);
  log(`${file.padEnd(16)}${row.pipeline.toFixed(2).padStart(11)}  ${row.baseline.toFixed(2).padStart(11)}  ${(row.pipeline / row.baseline).toFixed(2).padStart(5)}  ${path.padEnd(11)}${ok ? '' : '  (not an article)'}`);
}

const pipelineMsMedian = median(rows.map((r) => r.pipeline));
const baselineMsMedian = median(rows.map((r) => r.baseline));
process.stdout.write(
  `${JSON.stringify({ pages: rows.length, pipelineMsMedian: round(pipelineMsMedian), baselineMsMedian: round(baselineMsMedian), ratio: round(pipelineMsMedian / baselineMsMedian) })}\n`,
);
