/** The batch's small parts: --connect-to, charsets, feeds, the journal and the progress bar. */
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFeed } from '../../utils/node/feed';
import { charsetOf, connectTarget, decodePage, isDeletedPage, parseConnectTo } from '../../utils/node/http';
import { Journal, JOURNAL_NAME } from '../../utils/node/journal';
import { Progress } from '../../utils/node/progress';
import { tmp } from './helpers';

describe('--connect-to', () => {
  it("reads curl's HOST:PORT:ADDR:PORT2, empty parts matching any", () => {
    const rules = ['html2.qktoutiao.com:80:127.0.0.1:8080', '::127.0.0.2:9000'].map(parseConnectTo);
    expect(connectTarget(rules, 'HTML2.qktoutiao.com', '80')).toEqual({ host: '127.0.0.1', port: '8080' });
    expect(connectTarget(rules, 'html2.qktoutiao.com', '443')).toEqual({ host: '127.0.0.2', port: '9000' });
    expect(connectTarget([parseConnectTo('a.example:443::8443')], 'a.example', '443')).toEqual({ host: 'a.example', port: '8443' });
    expect(connectTarget([parseConnectTo('[::1]:80:[::2]:81')], '[::1]', '80')).toEqual({ host: '::2', port: '81' });
    expect(connectTarget([], 'x.example', '80')).toEqual({ host: 'x.example', port: '80' });
    expect(() => parseConnectTo('host:80:addr')).toThrow(/HOST:PORT:ADDR:PORT2/);
  });
});

describe('page decoding', () => {
  const gbk = new Uint8Array([0xc6, 0xeb, 0xc2, 0xb3]); // 齐鲁 in GBK
  it('takes the charset from the header first, then the page', () => {
    const page = new TextEncoder().encode('<meta charset="gbk">');
    expect(charsetOf('text/html; charset=GB2312', page)).toBe('gb2312');
    expect(charsetOf('text/html', page)).toBe('gbk');
    expect(charsetOf(null, new Uint8Array())).toBe('utf-8');
    expect(decodePage('text/html; charset=gbk', gbk)).toBe('齐鲁');
    expect(decodePage('text/html; charset=no-such-charset', new TextEncoder().encode('齐鲁'))).toBe('齐鲁');
  });
  it("knows the object store's NoSuchKey page", () => {
    expect(isDeletedPage('<?xml version="1.0"?><Error><Code>NoSuchKey</Code></Error>')).toBe(true);
    expect(isDeletedPage('<p>NoSuchKey is a word in this article</p>')).toBe(false);
  });
});

describe('feeds', () => {
  it('reads RSS items: link, title, date and description; guid as a link only when it is one', () => {
    const items = parseFeed(`<rss version="2.0"><channel><title>t</title>
      <item><title><![CDATA[标题 2021]]></title><link>http://a.example/1</link><pubDate>Tue, 15 Jun 2021 07:01:26 GMT</pubDate><description><![CDATA[<p>正文 &amp; 图</p>]]></description></item>
      <item><title>2021</title><guid>http://a.example/2</guid></item>
      <item><title>无链接</title><guid isPermaLink="false">abc</guid></item>
    </channel></rss>`);
    expect(items).toEqual([
      { link: 'http://a.example/1', title: '标题 2021', date: new Date('2021-06-15T07:01:26Z'), html: '<p>正文 &amp; 图</p>' },
      { link: 'http://a.example/2', title: '2021', date: undefined, html: undefined },
    ]);
  });
  it('reads Atom entries: the alternate link, published before updated, content before summary', () => {
    const items = parseFeed(`<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
      <entry><title>一</title><link rel="self" href="http://a.example/self"/><link rel="alternate" href="http://a.example/1"/>
        <published>2021-07-27T07:58:00Z</published><updated>2022-01-01T00:00:00Z</updated><summary>s</summary><content type="html">&lt;p&gt;正文&lt;/p&gt;</content></entry>
    </feed>`);
    expect(items).toEqual([{ link: 'http://a.example/1', title: '一', date: new Date('2021-07-27T07:58:00Z'), html: '<p>正文</p>' }]);
  });
  it('refuses what is not a feed', () => {
    expect(() => parseFeed('<html><body>x</body></html>')).toThrow(/not an RSS 2.0 or Atom feed/);
  });
});

describe('journal', () => {
  it('remembers final outcomes, retries the curable ones, and survives a line cut short by a kill', () => {
    const dir = tmp();
    const j = new Journal(dir);
    j.record({ input: 'a', status: 'written', file: 'a.md' });
    j.record({ input: 'b', status: 'failed', reason: 'http-4xx' });
    j.record({ input: 'c', status: 'failed', reason: 'timeout' });
    appendFileSync(join(dir, JOURNAL_NAME), '{"input":"d","status":"wri');
    const again = new Journal(dir);
    expect(again.finished('a')).toMatchObject({ status: 'written', file: 'a.md' });
    expect(again.finished('b')).toMatchObject({ status: 'failed', reason: 'http-4xx' });
    expect(again.finished('c')).toBeUndefined();
    expect(again.finished('d')).toBeUndefined();
  });
});

describe('progress', () => {
  it('draws one bar on a terminal: done/total, rate, ETA, failures; failures stay above it', () => {
    let out = '';
    let now = 0;
    const p = new Progress(4, { isTTY: true, columns: 100, write: (s: string) => (out += s) }, () => now);
    now = 1000;
    p.item('a → a.md', false);
    now = 2000;
    p.item('b ✗ timeout: no answer', true);
    expect(out).toContain('\r\x1b[Kb ✗ timeout: no answer\n');
    expect(out.split('\r\x1b[K').pop()).toMatch(/^\[#+-+\] 2\/4 {2}1\.0\/s {2}ETA 2s {2}✗ 1$/);
    expect(out).not.toContain('a → a.md');
  });
  it('writes plain numbered lines elsewhere', () => {
    let out = '';
    const p = new Progress(2, { write: (s: string) => (out += s) });
    p.item('a → a.md', false);
    p.item('b ✗ http-4xx: HTTP 404', true);
    expect(out).toBe('[1/2] a → a.md\n[2/2] b ✗ http-4xx: HTTP 404\n');
  });
});
