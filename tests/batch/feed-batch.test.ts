/**
 * Feeds and URLs through the CLI's main() against a local server answering for the real host
 * names: every article once, every failure with its reason, nothing new on a second run.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOURNAL_NAME } from '../../utils/node/journal';
import { allFiles, clipMain, jsonLines, posts, titles, tmp } from './helpers';
import { connectTo, FIXTURES, ORIGIN, PATHS, startServer, type TestServer } from './server';

const FEED = join(FIXTURES, 'batch', 'feed.xml');
const ATOM = join(FIXTURES, 'batch', 'atom.xml');
const FAST = ['--jobs', '1', '--rate', '200', '--timeout', '3', '--retries', '1'];

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.close();
});

describe('a feed batch against the local server', () => {
  const out = tmp();
  let first: Awaited<ReturnType<typeof clipMain>>;

  beforeAll(async () => {
    first = await clipMain('--feed', FEED, '--out', out, '--json', ...FAST, ...connectTo(server));
    // The whole batch runs in this hook: worker threads start, pages time out on purpose.
  }, 120000);

  it('writes every article once and lists each failure with its reason', () => {
    const lines = jsonLines(first.stdout);
    expect(lines).toHaveLength(13);
    const by = (path: string) => lines.find((l) => l.input === `${ORIGIN}${path}`);
    expect(by(PATHS.missing)).toMatchObject({ status: 'failed', reason: 'http-4xx' });
    expect(by(PATHS.hang)).toMatchObject({ status: 'failed', reason: 'timeout' });
    expect(by(PATHS.away)).toMatchObject({ status: 'failed', reason: 'redirect-elsewhere' });
    expect(by(PATHS.deleted)).toMatchObject({ status: 'failed', reason: 'deleted' });
    expect(by(PATHS.flaky)).toMatchObject({ status: 'written' });
    expect(by(PATHS.gbk)).toMatchObject({ status: 'written' });
    expect(by(PATHS.guarded)).toMatchObject({ status: 'written' });
    // 010 and the redirect to it are one article: one post, the other input already saved.
    const ten = [by(PATHS.moved), lines.find((l) => l.input?.includes('/detail/2021/11/09/1875054165.html?'))];
    expect(ten.map((l) => l?.status).sort()).toEqual(['skipped', 'written']);
    expect(lines.filter((l) => l.status === 'written')).toHaveLength(8);
    expect(posts(out)).toHaveLength(8);
    expect(new Set(titles(out)).size).toBe(8);
    expect(first.code).toBe(2);
    // The summary groups the failures by reason, one line per failed input.
    expect(first.stderr).toMatch(/8 written to .*, 1 already saved, 4 failed/);
    for (const reason of ['deleted', 'http-4xx', 'redirect-elsewhere', 'timeout']) expect(first.stderr).toContain(`  ${reason} (1):`);
    expect(first.stderr).toContain(`${ORIGIN}${PATHS.deleted}: the article was deleted (NoSuchKey)`);
  });

  it('fetches politely: no retry on 4xx, a retry on 5xx and timeouts, the Referer and a browser User-Agent', () => {
    expect(server.hits.get(PATHS.missing)).toBe(1);
    expect(server.hits.get(PATHS.flaky)).toBe(2);
    expect(server.hits.get(PATHS.hang)).toBe(2);
    expect(server.referers.get(PATHS.guarded)).toBe(`${ORIGIN}/`);
    expect([...server.userAgents].every((ua) => /Mozilla\/5\.0 .*Chrome\//.test(ua))).toBe(true);
  });

  it('decodes a GBK page by its <meta charset>', () => {
    const gbk = posts(out).find((f) => f.startsWith('济南黄河大桥'));
    expect(gbk).toBeDefined();
    expect(readFileSync(join(out, gbk as string), 'utf8')).toContain('全长约三千米');
  });

  it('run again, writes nothing new and fetches no finished article again', async () => {
    const before = allFiles(out).filter((f) => f !== JOURNAL_NAME);
    const hits = new Map(server.hits);
    const again = await clipMain('--feed', FEED, '--out', out, '--json', ...FAST, ...connectTo(server));
    expect(allFiles(out).filter((f) => f !== JOURNAL_NAME)).toEqual(before);
    const lines = jsonLines(again.stdout);
    expect(lines.filter((l) => l.status === 'written')).toEqual([]);
    // Final outcomes (written, 404, deleted…) are not asked again; only the timeout is retried.
    const asked = [...server.hits].filter(([path, n]) => n > (hits.get(path) ?? 0)).map(([path]) => path);
    expect(asked).toEqual([PATHS.hang]);
  });

  it('without its journal, a rerun still finds every article already saved in the folder', async () => {
    rmSync(join(out, JOURNAL_NAME));
    const again = await clipMain('--feed', FEED, '--out', out, '--json', ...FAST, ...connectTo(server));
    const lines = jsonLines(again.stdout);
    expect(lines.filter((l) => l.status === 'written')).toEqual([]);
    expect(lines.filter((l) => l.status === 'skipped' && l.reason === 'already-saved')).toHaveLength(9);
    expect(posts(out)).toHaveLength(8);
  });
});

describe('other inputs', () => {
  it('--feed-body writes the Atom items from their own HTML, title and date, without fetching', async () => {
    const out = tmp();
    const hits = [...server.hits.values()].reduce((a, b) => a + b, 0);
    const r = await clipMain('--feed', ATOM, '--feed-body', '--out', out, '--json', ...FAST, ...connectTo(server));
    expect(r.code).toBe(0);
    expect([...server.hits.values()].reduce((a, b) => a + b, 0)).toBe(hits);
    expect(jsonLines(r.stdout).map((l) => l.status)).toEqual(['written', 'written', 'written']);
    const atom = readFileSync(ATOM, 'utf8');
    const firstTitle = /<entry>\s*<title>(.*?)<\/title>/.exec(atom)?.[1] as string;
    const firstDate = /<published>(.*?)<\/published>/.exec(atom)?.[1] as string;
    const post = posts(out)
      .map((f) => readFileSync(join(out, f), 'utf8'))
      .find((t) => t.includes(firstTitle.slice(0, 12)));
    expect(post).toBeDefined();
    // The hexo preset writes the item's date in the site's zone (Asia/Shanghai, +8 h).
    const local = new Date(new Date(firstDate).getTime() + 8 * 3600_000).toISOString().replace('T', ' ').slice(0, 19);
    expect(post).toContain(`date: ${local}`);
  });

  it('--feed URL and --urls FILE with comments; a URL given twice is one item', async () => {
    const out = tmp();
    const list = join(out, '..', `urls-${Date.now()}.txt`);
    writeFileSync(list, `# 两篇\n${ORIGIN}${PATHS.guarded}\n\n${ORIGIN}${PATHS.missing}  # 不存在\n${ORIGIN}${PATHS.guarded}\n`);
    const r = await clipMain('--urls', list, '--out', out, '--json', ...FAST, ...connectTo(server));
    // Lines come as items finish; one per distinct URL.
    expect(jsonLines(r.stdout).map((l) => [l.input, l.status]).sort()).toEqual([
      [`${ORIGIN}${PATHS.missing}`, 'failed'],
      [`${ORIGIN}${PATHS.guarded}`, 'written'],
    ]);
    const viaUrl = await clipMain('--feed', `${ORIGIN}/atom.xml`, '--out', tmp(), '--json', ...FAST, ...connectTo(server));
    expect(jsonLines(viaUrl.stdout).map((l) => l.status)).toEqual(['written', 'written', 'written']);
  });

  it('a URL as the only argument prints its post', async () => {
    const r = await clipMain(`${ORIGIN}${PATHS.gbk}`, '--json', ...FAST, ...connectTo(server));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ site: 'qutoutiao', title: '济南黄河大桥今日通车，市民步行过桥“打卡”' });
  });

  it('exits 2 with one line on a feed that is not one', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'bad.xml'), '<html><body>not a feed</body></html>');
    const r = await clipMain('--feed', join(dir, 'bad.xml'), '--out', join(dir, 'out'));
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual(['clip: feed ' + join(dir, 'bad.xml') + ': not an RSS 2.0 or Atom feed']);
  });
});
