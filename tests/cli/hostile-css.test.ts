/**
 * Hostile style sheets and files that are not pages end with a post or with exit 2 and one line
 * naming the file, never with a stack trace.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePage } from '../../utils/node/jsdom';
import { clipMain } from '../batch/helpers';
import { FIXTURES, readFixture } from '../helpers';

const ROOT = join(import.meta.dirname, '..', '..');
/** The real command as its own process: only where what the process prints (no stack trace) is the point. */
const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'clip.ts'), ...args], { cwd: ROOT, encoding: 'utf8' });
const SCSS = join(FIXTURES, 'generic', 'scss.html');
const URL = 'https://haishi.example.cn/2022/news-0118.html';

describe('a page whose CSS is unprocessed SCSS', () => {
  it('is clipped: style sheets are dropped before jsdom parses the page', async () => {
    const r = await clipMain(SCSS, '--url', URL, '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.title).toBe('“陆海空天”一体化联动！多部门在烟台海域联合开展海上巡航执法');
    expect(out.published).toBe('2022-01-18T10:00:00+08:00');
    expect(out.post).toContain('山东海事局联合山东省农业农村厅');
  });

  it('jsdom throws on it as it stands, so the guard is what saves it', async () => {
    const { JSDOM } = await import('jsdom');
    expect(() => new JSDOM(readFixture('generic', 'scss.html'))).toThrow();
    expect(() => parsePage(readFixture('generic', 'scss.html'), URL)).not.toThrow();
  });

  it('an inline style jsdom cannot read is dropped; one it can read stays', () => {
    const doc = parsePage('<p id="a" style="width: calc(($a - $b) / 16 * 9)">x</p><p id="b" style="display:none">y</p>', URL).window.document;
    expect(doc.getElementById('a')?.hasAttribute('style')).toBe(false);
    expect(doc.getElementById('b')?.getAttribute('style')).toBe('display:none');
  });
});

describe('a file that is not a page', () => {
  it('a binary file: exit 2, one line naming the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'clip-bin-'));
    const file = join(dir, 'photo.html');
    writeFileSync(file, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 1, 2, 3]));
    const r = cli(file, '--url', URL);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(file);
    expect(r.stderr).toMatch(/not an HTML page/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('in a batch, the file is named and the others are still written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'clip-bin-'));
    const bad = join(dir, 'bad.html');
    writeFileSync(bad, Buffer.from([0, 1, 2, 3, 0xff, 0xfe]));
    const good = join(dir, 'scss.html');
    writeFileSync(good, `<!-- saved from url=(0045)${URL} -->\n${readFixture('generic', 'scss.html')}`);
    const r = await clipMain('--out', join(dir, 'out'), '--jobs', '1', bad, good);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.html ✗ .*not an HTML page/);
    expect(r.stderr).toMatch(/1 written/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
