/**
 * `npx tsx scripts/bench-blog-chromium.ts [--posts N]`: the blog index in the built extension, in
 * Chromium. Writes N posts (20,000 by default, made like `bench-index.ts` makes them) into a blog
 * in the extension's origin-private file system, connects it through the options page's code, then
 * asks the service worker "already saved?" (the popup's `blog-state` message) and prints: the
 * first build and the answers from the built index. (A new worker answers from the IndexedDB
 * cache without reading the folder: tests/ext/blog-background.test.ts.) Figures, not a test; run
 * `npx wxt build` first.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Browser } from '@wxt-dev/browser';
import { formatLocal } from '../utils/core/date';
import { launchWithExtension } from './lib/browser';
import { ROOT } from './lib/fixture-server';

declare const chrome: typeof Browser;

const { values } = parseArgs({ options: { posts: { type: 'string', default: '20000' } } });
const N = Number(values.posts);
const TZ = 'Asia/Shanghai';
const CORPUS = join(ROOT, 'tests', 'fixtures', 'blog', 'corpus');
const sources = readdirSync(CORPUS)
  .filter((f) => f.endsWith('.md'))
  .map((f) => readFileSync(join(CORPUS, f), 'utf8'));

function post(i: number): { path: string; text: string } {
  const base = sources[i % sources.length]!;
  const date = new Date(Date.UTC(2021, 0, 1) + i * 37 * 60000);
  const title = `第${i}篇 ${/^title:\s*['"]?(.*?)['"]?\s*$/m.exec(base)?.[1] ?? ''}`.replace(/['"]/g, '');
  const url = i % 2 === 0 ? `http://html2.qktoutiao.com/detail/2021/01/01/${1_000_000 + i}.html` : undefined;
  const text = url
    ? base.replace(/^title:.*$/m, `title: '${title}'`).replace(/^date:.*$/m, `date: ${formatLocal(date, TZ)}\nsource_url: ${url}`)
    : base.replace(/^title:.*$/m, `title: '${title}'`).replace(/^date:.*$/m, `date: ${date.toUTCString()}`);
  return { path: `source/_posts/${2021 + Math.floor(i / 6000)}/${String(1 + (Math.floor(i / 500) % 12)).padStart(2, '0')}/post-${i}.md`, text };
}

const ext = await launchWithExtension({ hostResolverRules: 'MAP * ~NOTFOUND' });
try {
  const page = await ext.context.newPage();
  await page.goto(ext.extensionUrl('options.html#blog'));
  const posts = Array.from({ length: N }, (_, i) => post(i));
  const started = performance.now();
  for (let i = 0; i < posts.length; i += 500) {
    await page.evaluate(
      async ([batch, first]) => {
        const opfs = await navigator.storage.getDirectory();
        const blog = await opfs.getDirectoryHandle('blog', { create: true });
        if (first) {
          for (const [name, text] of [['_config.yml', 'title: bench\ntimezone: Asia/Shanghai\n']] as const) {
            const w = await (await blog.getFileHandle(name, { create: true })).createWritable();
            await w.write(text);
            await w.close();
          }
        }
        await Promise.all(
          batch.map(async ({ path, text }) => {
            const parts = path.split('/');
            const name = parts.pop()!;
            let dir = blog;
            for (const p of parts) dir = await dir.getDirectoryHandle(p, { create: true });
            const w = await (await dir.getFileHandle(name, { create: true })).createWritable();
            await w.write(text);
            await w.close();
          }),
        );
      },
      [posts.slice(i, i + 500), i === 0] as const,
    );
  }
  console.log(`wrote ${N} posts into OPFS in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  await page.locator('[data-testid="blog-section"][data-state="none"]').waitFor({ timeout: 15000 });
  await page.evaluate(async () => {
    const folder = await (await navigator.storage.getDirectory()).getDirectoryHandle('blog');
    (window as unknown as { showDirectoryPicker: () => Promise<unknown> }).showDirectoryPicker = async () => folder;
  });
  await page.locator('[data-testid="blog-connect"]').click();
  await page.locator('[data-testid="blog-section"][data-state="connected"]').waitFor({ timeout: 60000 });

  const ask = async (i: number) => {
    const t0 = performance.now();
    const reply = (await page.evaluate(
      (article) => chrome.runtime.sendMessage({ type: 'blog-state', article }),
      { url: `http://html2.qktoutiao.com/detail/2021/01/01/${1_000_000 + i}.html`, title: 'x', published: null },
    )) as { existing: { path: string } | null };
    if (reply.existing?.path !== post(i).path) throw new Error(`lookup of post ${i} answered ${JSON.stringify(reply)}`);
    return performance.now() - t0;
  };
  const first = await ask(0);
  const again = [await ask(2), await ask(N - 2), await ask(2 * Math.floor(N / 4))].sort((a, b) => a - b)[1]!;
  const version = ext.context.browser()?.version();
  console.log(`Chromium ${version}, ${N} posts in OPFS:`);
  console.log(`  first "already saved?" (profile + full index build): ${first.toFixed(0)} ms (goal < 5000)`);
  console.log(`  next answers (built index, median of 3):            ${again.toFixed(1)} ms (goal < 50)`);
} finally {
  await ext.close();
}
