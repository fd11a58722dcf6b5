/**
 * Saved pages into a blog (`--blog BLOG PAGE.html…`) take the batch's path, as URLs and feeds do:
 * a journal a rerun resumes from (after a SIGKILL too), worker threads with the blog's scaffold,
 * `filename_case` and slug, "already saved?" by the blog index before any image is fetched,
 * `--update`, `--url` for a single page, and the image modes a blog can and cannot take.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { JOURNAL_NAME } from '../../utils/node/journal';
import { SCAFFOLD } from '../blog/helpers';
import { allFiles, clipMain, jsonLines, mtime, ROOT, tmp } from './helpers';
import { FIXTURES } from './server';

const PAGES = join(FIXTURES, 'pages');
/** Every fixture page that is an article, by name: `015-ql` is a Qilu repost of `015`. */
const ALL = readdirSync(PAGES)
  .filter((f) => f.endsWith('.expected.json'))
  .map((f) => f.replace('.expected.json', '.html'))
  .sort();
const SOME = ['006.html', '015.html', '015-ql.html', '019.html', '042.html', '107.html'];
const IMAGE_HOSTS = /https?:\/\/(static\.1sapp\.com|wscdn\.ql1d\.com)/g;

let server: Server;
let imageBase: string;
const imageRequests: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    imageRequests.push(req.url ?? '');
    const body = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), createHash('sha1').update(req.url ?? '').digest()]);
    res.writeHead(200, { 'content-type': 'image/png' }).end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  imageBase = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

function blog(config = ''): string {
  const dir = tmp('blog-files-');
  writeFileSync(join(dir, '_config.yml'), `title: 测试博客\nurl: http://example.com\ntimezone: Asia/Shanghai\nnew_post_name: :title.md\n${config}`);
  mkdirSync(join(dir, 'scaffolds'));
  writeFileSync(join(dir, 'scaffolds', 'post.md'), SCAFFOLD);
  mkdirSync(join(dir, 'source', '_posts'), { recursive: true });
  return dir;
}

/** Copies of fixture pages, their images on the local server. */
function pages(names: string[]): string[] {
  const dir = tmp('blog-pages-');
  return names.map((name) => {
    const file = join(dir, name);
    writeFileSync(file, readFileSync(join(PAGES, name), 'utf8').replace(IMAGE_HOSTS, imageBase));
    return file;
  });
}

const postsDir = (site: string) => join(site, 'source', '_posts');
const postsOf = (site: string) => allFiles(postsDir(site)).filter((f) => f.endsWith('.md'));
const journalOf = (site: string) => jsonLines(existsSync(join(site, JOURNAL_NAME)) ? readFileSync(join(site, JOURNAL_NAME), 'utf8') : '');

/** Each post's front matter, read with a YAML parser: a half-written post fails here. */
function frontMatters(site: string): Record<string, unknown>[] {
  return postsOf(site).map((f) => {
    const text = readFileSync(join(postsDir(site), f), 'utf8');
    const fm = /^---\n([\s\S]*?)\n---\n/.exec(text)?.[1];
    expect(fm, f).toBeDefined();
    return parseDocument(fm as string).toJS() as Record<string, unknown>;
  });
}

const expectedTitle = (page: string) => (JSON.parse(readFileSync(join(PAGES, page.replace('.html', '.expected.json')), 'utf8')) as { title: string }).title;

describe('saved pages into a blog', () => {
  it('are journaled, and a rerun skips what the journal holds and finds by the index what it lost', async () => {
    const site = blog();
    const files = pages(SOME);
    const first = await clipMain('--blog', site, '--json', ...files);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/^blog: 测试博客; from the blog: .*; scaffold keys: tags, series$/m);
    expect(first.stderr).toMatch(/clip: 5 written to .*source\/_posts, 1 already saved, 0 failed/);
    const lines = jsonLines(first.stdout);
    expect(lines.map((l) => l.status).sort()).toEqual(['skipped', 'written', 'written', 'written', 'written', 'written']);
    // The Qilu repost and its Qutoutiao page are one article: whichever finished second (they run
    // at once in two threads) is already saved, as the other's post. Lines come as items finish.
    const [page, repost] = ['015.html', '015-ql.html'].map((name) => lines.find((l) => l.input!.endsWith(`/${name}`))!) as [Record<string, string | null>, Record<string, string | null>];
    expect([page.status, repost.status].sort()).toEqual(['skipped', 'written']);
    expect([page, repost].find((l) => l.status === 'skipped')).toMatchObject({ reason: 'already-saved', file: page.file });
    expect(repost.file).toBe(page.file);
    expect(journalOf(site).map((l) => l.input).sort()).toEqual([...files].sort());
    expect(frontMatters(site).map((fm) => fm.series)).toEqual(Array(5).fill('新闻存档'));

    // As if killed after 107's post was written but before its journal line.
    const journal = join(site, JOURNAL_NAME);
    writeFileSync(journal, readFileSync(journal, 'utf8').split('\n').filter((l) => !l.includes('107.html')).join('\n'));
    const before = new Map(postsOf(site).map((f) => [f, mtime(join(postsDir(site), f))]));
    const second = await clipMain('--blog', site, '--json', ...files);
    expect(second.code, second.stderr).toBe(0);
    const again = jsonLines(second.stdout);
    expect(again.filter((l) => l.reason === 'journal').map((l) => l.input).sort()).toEqual(files.filter((f) => !f.endsWith('107.html')).sort());
    expect(again.find((l) => l.input!.endsWith('107.html'))).toMatchObject({ status: 'skipped', reason: 'already-saved' });
    expect(second.stderr).toMatch(/clip: 0 written to .*, 6 already saved, 0 failed/);
    expect(new Map(postsOf(site).map((f) => [f, mtime(join(postsDir(site), f))]))).toEqual(before);
  });

  it('killed halfway (SIGKILL), the same command finishes the rest: every article once, no half file', async () => {
    const site = blog();
    const files = pages(ALL);
    // The plain command, no --jobs: the default worker threads.
    const args = ['--import', 'tsx', join(ROOT, 'scripts', 'clip.ts'), '--blog', site, ...files];
    const journal = join(site, JOURNAL_NAME);
    const done = () => journalOf(site).length;

    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    while (done() < 10 && child.exitCode === null) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const journaled = readFileSync(journal, 'utf8').split('\n').filter((l) => l.endsWith('}')).map((l) => JSON.parse(l).input as string);
    expect(journaled.length).toBeGreaterThanOrEqual(10);
    expect(journaled.length).toBeLessThan(files.length);

    const rerun = spawn(process.execPath, [...args, '--json'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    rerun.stdout.on('data', (d) => (stdout += d));
    rerun.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => rerun.on('exit', (c) => resolve(c)));
    expect(code, stderr).toBe(0);
    const lines = jsonLines(stdout);
    expect(lines).toHaveLength(files.length);
    // What the first run journaled is neither read nor clipped again.
    for (const input of journaled) expect(lines.find((l) => l.input === input)).toMatchObject({ status: 'skipped', reason: 'journal' });
    const titles = frontMatters(site).map((fm) => fm.title as string);
    expect(new Set(titles).size).toBe(titles.length);
    expect(new Set(titles)).toEqual(new Set(ALL.map(expectedTitle)));
    expect(allFiles(site).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  }, 120_000);

  it('--jobs 2 writes, in worker threads, the posts one job writes, shaped by the blog (scaffold, filename_case, pinyin slug)', async () => {
    const settings = join(tmp('blog-settings-'), 'settings.json');
    writeFileSync(settings, JSON.stringify({ blog: { slug: 'pinyin' } }));
    // Without the repost: which of two inputs of one article is written first is up to the threads.
    const files = pages(SOME.filter((p) => p !== '015-ql.html'));
    const one = blog('filename_case: 2\n');
    const two = blog('filename_case: 2\n');
    const r1 = await clipMain('--blog', one, '--settings', settings, '--jobs', '1', ...files);
    const r2 = await clipMain('--blog', two, '--settings', settings, '--jobs', '2', ...files);
    expect(r1.code, r1.stderr).toBe(0);
    expect(r2.code, r2.stderr).toBe(0);
    const names = postsOf(two);
    expect(names).toHaveLength(5);
    // Pinyin in capitals: the slug and filename_case reached the threads.
    for (const name of names) expect(name).toMatch(/^[A-Z0-9-]+\.md$/);
    expect(postsOf(one)).toEqual(names);
    for (const name of names) expect(readFileSync(join(postsDir(two), name), 'utf8'), name).toBe(readFileSync(join(postsDir(one), name), 'utf8'));
    expect(frontMatters(two).map((fm) => fm.series)).toEqual(Array(5).fill('新闻存档'));
    expect(journalOf(two)).toHaveLength(files.length);
  });

  it('with local images: an article already in the blog is skipped before its images are fetched; --update rewrites it in place', async () => {
    const site = blog('post_asset_folder: true\n');
    const files = pages(SOME);
    const first = await clipMain('--blog', site, '--images', 'local', '--jobs', '2', ...files);
    expect(first.code, first.stderr).toBe(0);
    expect(imageRequests.length).toBeGreaterThan(0);
    const saved = allFiles(postsDir(site));
    expect(saved.filter((f) => f.endsWith('.png')).length).toBeGreaterThan(0);

    // Without the journal only the blog's index knows these articles.
    writeFileSync(join(site, JOURNAL_NAME), '');
    const requestsBefore = imageRequests.length;
    const second = await clipMain('--blog', site, '--images', 'local', '--json', ...files);
    expect(second.code, second.stderr).toBe(0);
    expect(jsonLines(second.stdout).map((l) => l.reason)).toEqual(Array(SOME.length).fill('already-saved'));
    expect(imageRequests.length).toBe(requestsBefore);

    const post = postsOf(site)[0] as string;
    const path = join(postsDir(site), post);
    writeFileSync(path, readFileSync(path, 'utf8').replace('series: 新闻存档', 'series: 改过'));
    const update = await clipMain('--blog', site, '--images', 'local', '--update', '--json', ...files);
    expect(update.code, update.stderr).toBe(0);
    const lines = jsonLines(update.stdout);
    expect(lines.filter((l) => l.reason === 'updated')).toHaveLength(5);
    expect(update.stderr).toMatch(/clip: 5 written to .* \(5 updated\), 1 already saved, 0 failed/);
    expect(update.stderr).toContain('(updated)');
    expect(readFileSync(path, 'utf8')).toContain('series: 新闻存档');
    // In place: the same files, no -2.
    expect(allFiles(postsDir(site))).toEqual(saved);
  });

  it('--url applies to a single page only', async () => {
    const [a, b] = pages(['006.html', '019.html']) as [string, string];
    const url = 'http://html2.qktoutiao.com/detail/2021/06/15/1000000001.html';
    const single = blog();
    expect((await clipMain('--blog', single, '--url', url, a)).code).toBe(0);
    expect(frontMatters(single).map((fm) => fm.source_url)).toEqual([url]);
    const two = blog();
    expect((await clipMain('--blog', two, '--url', url, a, b)).code).toBe(0);
    expect(frontMatters(two).map((fm) => fm.source_url)).not.toContain(url);
  });
});

describe('image modes a blog cannot take', () => {
  it('--images local without post_asset_folder: exit 2, one line saying why, nothing written', async () => {
    const site = blog();
    const r = await clipMain('--blog', site, '--images', 'local', ...pages(['006.html']));
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("clip: --images local needs post_asset_folder: true in the blog's _config.yml\n");
    expect(allFiles(site).filter((f) => f.startsWith('source/') || f === JOURNAL_NAME)).toEqual([]);
  });

  it('--images zip with --blog: refused, since a blog keeps asset folders, not archives', async () => {
    const site = blog('post_asset_folder: true\n');
    const r = await clipMain('--blog', site, '--images', 'zip', ...pages(['006.html']));
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('clip: --images zip writes archives for --out DIR');
    expect(allFiles(site).filter((f) => f.startsWith('source/') || f === JOURNAL_NAME)).toEqual([]);
  });

  it('images.mode zip from a settings file means saving the images into the asset folder, and the blog line says so', async () => {
    const site = blog('post_asset_folder: true\n');
    const settings = join(tmp('blog-settings-'), 'settings.json');
    writeFileSync(settings, JSON.stringify({ images: { mode: 'zip' } }));
    const r = await clipMain('--blog', site, '--settings', settings, ...pages(['006.html']));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^blog: .*images\.mode="local" \(post_asset_folder\)/m);
    const files = allFiles(postsDir(site));
    expect(files.filter((f) => f.endsWith('.zip'))).toEqual([]);
    expect(files.filter((f) => f.endsWith('.md'))).toHaveLength(1);
    expect(files.filter((f) => f.endsWith('.png')).length).toBeGreaterThan(0);
  });
});
