/**
 * `--blog`: a feed into a Hexo blog writes each article once, writes nothing on a second run, and
 * a real process killed with SIGKILL halfway finishes on the rerun with no duplicate and no half file.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { JOURNAL_NAME } from '../../utils/node/journal';
import { allFiles, clipMain, jsonLines, ROOT, tmp } from './helpers';
import { connectTo, FIXTURES, fixturePages, startServer, type TestServer } from './server';

function blog(): string {
  const dir = tmp('blog-');
  writeFileSync(join(dir, '_config.yml'), 'title: 测试\ntimezone: Asia/Shanghai\nurl: http://example.com\nnew_post_name: :title.md\n');
  mkdirSync(join(dir, 'source', '_posts'), { recursive: true });
  return dir;
}

const postsOf = (site: string) => allFiles(join(site, 'source', '_posts')).filter((f) => f.endsWith('.md'));

/** Every post's title, read with a YAML parser: a half-written post would fail here. */
function titlesOf(site: string): string[] {
  return postsOf(site).map((f) => {
    const text = readFileSync(join(site, 'source', '_posts', f), 'utf8');
    const fm = /^\s*---\n([\s\S]*?)\n---\n/.exec(text)?.[1];
    expect(fm, f).toBeDefined();
    const title = parseDocument(fm as string).toJS().title as string;
    expect(title, f).toBeTruthy();
    return title;
  });
}

function rss(links: string[]): string {
  const items = links.map((l) => `<item><title><![CDATA[x]]></title><link>${l}</link><guid isPermaLink="false">${l}</guid></item>`).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>t</title>\n${items}\n</channel></rss>\n`;
}

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.close();
});

describe('--blog', () => {
  it('writes every article of the feed once into source/_posts, and nothing on a second run', async () => {
    const site = blog();
    const args = ['--feed', join(FIXTURES, 'batch', 'feed.xml'), '--blog', site, '--json', '--jobs', '1', '--rate', '200', '--timeout', '3', '--retries', '1', ...connectTo(server)];
    const first = await clipMain(...args);
    expect(jsonLines(first.stdout).filter((l) => l.status === 'written')).toHaveLength(8);
    expect(first.stderr).toMatch(/8 written to .*, 1 already saved, 4 failed/);
    const titles = titlesOf(site);
    expect(titles).toHaveLength(8);
    expect(new Set(titles).size).toBe(8);
    expect(existsSync(join(site, JOURNAL_NAME))).toBe(true);
    const files = allFiles(site);
    const second = await clipMain(...args);
    expect(jsonLines(second.stdout).filter((l) => l.status === 'written')).toEqual([]);
    expect(allFiles(site).filter((f) => f !== JOURNAL_NAME)).toEqual(files.filter((f) => f !== JOURNAL_NAME));
  });

  it('refuses a folder that is not a Hexo blog, in one line', async () => {
    const r = await clipMain('--feed', join(FIXTURES, 'batch', 'feed.xml'), '--blog', tmp(), '--jobs', '1');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('clip: --blog ' + r.stderr.split('--blog ')[1]);
    expect(r.stderr).toContain('no _config.yml');
  });
});

describe('a batch killed halfway (SIGKILL) and run again', () => {
  it('finishes with every article once and no half-written file', async () => {
    const pages = fixturePages();
    const work = tmp('kill-');
    const feed = join(work, 'feed.xml');
    writeFileSync(feed, rss(pages.map((p) => p.url)));
    const site = blog();
    server.delayMs = 150;
    const args = ['--import', 'tsx', join(ROOT, 'scripts', 'clip.ts'), '--feed', feed, '--blog', site, '--jobs', '1', '--rate', '100', ...connectTo(server)];
    const journal = join(site, JOURNAL_NAME);
    const lines = () => (existsSync(journal) ? readFileSync(journal, 'utf8').split('\n').filter(Boolean).length : 0);

    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    const half = Math.floor(pages.length / 2);
    while (lines() < half) {
      if (child.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const done = lines();
    expect(done).toBeGreaterThanOrEqual(half);
    expect(done).toBeLessThan(pages.length);
    const afterKill = titlesOf(site);
    expect(new Set(afterKill).size).toBe(afterKill.length);

    server.delayMs = 0;
    const hitsBefore = new Map(server.hits);
    const rerun = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    rerun.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => rerun.on('exit', (c) => resolve(c)));
    expect(code, stderr).toBe(0);

    const titles = titlesOf(site);
    expect(titles.sort()).toEqual(pages.map((p) => p.title).sort());
    expect(allFiles(site).filter((f) => /\.tmp$/.test(f))).toEqual([]);
    // Nothing the first run journaled was fetched again.
    const journaled = readFileSync(journal, 'utf8').split('\n').filter(Boolean).slice(0, done).map((l) => new URL(JSON.parse(l).input).pathname);
    for (const path of journaled) expect(server.hits.get(path), path).toBe(hitsBefore.get(path));
    expect(stderr).toMatch(new RegExp(`${pages.length - done} written to .*, ${done} already saved, 0 failed`));
  }, 180000);
});
