import { describe, expect, it } from 'vitest';
import { assetFolder, assetImgTag, fetchImages, imageExtension, ImageFetchError, imageFailureNote, imageMimeType, type ImageFetcher } from '../../utils/core/assets';

const bytes = (...b: number[]) => new Uint8Array(b);
const LIMITS = { maxImageBytes: 1000, maxTotalBytes: 2000 };

function fakeFetcher(files: Record<string, { bytes: Uint8Array; type?: string } | Error>): ImageFetcher & { calls: [string, string][] } {
  const calls: [string, string][] = [];
  const f = async (url: string, referer: string) => {
    calls.push([url, referer]);
    const file = files[url];
    if (!file) throw new Error('HTTP 404');
    if (file instanceof Error) throw file;
    return { bytes: file.bytes, contentType: file.type ?? null };
  };
  return Object.assign(f, { calls });
}

describe('imageExtension', () => {
  it.each([
    ['http://a.com/x', 'image/png', 'png'],
    ['http://a.com/x.jpg', 'image/webp; charset=binary', 'webp'],
    ['http://a.com/x.jpeg', null, 'jpg'],
    ['http://a.com/x.GIF?w=1', undefined, 'gif'],
    ['http://a.com/x.php', 'application/octet-stream', 'jpg'],
    ['http://a.com/photo', null, 'jpg'],
    ['http://a.com/i.svg', 'image/svg+xml', 'svg'],
  ])('%s (%s) → %s', (url, type, ext) => {
    expect(imageExtension(url, type)).toBe(ext);
  });
});

describe('fetchImages', () => {
  it('names images in order, fetches each URL once with the article as Referer', async () => {
    const fetcher = fakeFetcher({
      'http://i.com/a.jpeg': { bytes: bytes(1, 2, 3), type: 'image/jpeg' },
      'http://i.com/b': { bytes: bytes(4, 5), type: 'image/png' },
    });
    const r = await fetchImages(['http://i.com/a.jpeg', 'http://i.com/b', 'http://i.com/a.jpeg'], 'http://page/1.html', fetcher, LIMITS);
    expect([...r.names]).toEqual([['http://i.com/a.jpeg', '01.jpg'], ['http://i.com/b', '02.png']]);
    expect(r.assets.map((a) => a.name)).toEqual(['01.jpg', '02.png']);
    expect(fetcher.calls).toEqual([['http://i.com/a.jpeg', 'http://page/1.html'], ['http://i.com/b', 'http://page/1.html']]);
  });

  it('stores the same bytes once even under two URLs', async () => {
    const fetcher = fakeFetcher({ 'http://i.com/a.png': { bytes: bytes(9, 9), type: 'image/png' }, 'http://cdn.i.com/a.png?x=1': { bytes: bytes(9, 9), type: 'image/png' } });
    const r = await fetchImages(['http://i.com/a.png', 'http://cdn.i.com/a.png?x=1'], 'r', fetcher, LIMITS);
    expect(r.assets).toHaveLength(1);
    expect(r.names.get('http://cdn.i.com/a.png?x=1')).toBe('01.png');
  });

  it('lists failures with their code and keeps going; a fetcher’s typed failure keeps its code, any other error its message', async () => {
    const fetcher = fakeFetcher({
      'http://i.com/ok.png': { bytes: bytes(1), type: 'image/png' },
      'http://i.com/403.png': new ImageFetchError('image-http', { status: 403 }),
      'http://i.com/reset': new Error('socket hang up'),
      'http://i.com/page': { bytes: bytes(1), type: 'text/html' },
      'http://i.com/big.png': { bytes: new Uint8Array(1001), type: 'image/png' },
    });
    const r = await fetchImages(['http://i.com/403.png', 'http://i.com/reset', 'http://i.com/page', 'http://i.com/big.png', 'http://i.com/ok.png'], 'r', fetcher, LIMITS);
    expect(r.assets.map((a) => a.name)).toEqual(['01.png']);
    expect(r.failures).toEqual([
      { src: 'http://i.com/403.png', code: 'image-http', params: { status: 403 } },
      { src: 'http://i.com/reset', code: 'image-fetch-failed', params: { detail: 'socket hang up' } },
      { src: 'http://i.com/page', code: 'image-not-image', params: { type: 'text/html' } },
      { src: 'http://i.com/big.png', code: 'image-too-large', params: { size: 1001, limit: 1000 } },
    ]);
    // The post's comment keeps the English note it always had.
    expect(r.failures.map(imageFailureNote)).toEqual(['HTTP 403', 'socket hang up', 'not an image (text/html)', 'too large (1 KB > 1 KB)']);
  });

  it('stops at the per-article limit, keeping later images remote', async () => {
    const fetcher = fakeFetcher({
      'http://i.com/1.png': { bytes: new Uint8Array(900).fill(1), type: 'image/png' },
      'http://i.com/2.png': { bytes: new Uint8Array(900).fill(2), type: 'image/png' },
      'http://i.com/3.png': { bytes: new Uint8Array(900).fill(3), type: 'image/png' },
    });
    const r = await fetchImages(['http://i.com/1.png', 'http://i.com/2.png', 'http://i.com/3.png'], 'r', fetcher, LIMITS);
    expect(r.assets).toHaveLength(2);
    expect(r.failures).toEqual([{ src: 'http://i.com/3.png', code: 'image-article-limit', params: { limit: LIMITS.maxTotalBytes } }]);
    expect(imageFailureNote(r.failures[0]!)).toBe('article image limit reached (2 KB)');
  });
});

describe('asset helpers', () => {
  it('writes asset_img tags that Hexo parses, with a safe title', () => {
    expect(assetImgTag('01.jpg', '')).toBe('{% asset_img 01.jpg %}');
    expect(assetImgTag('01.jpg', '雪后 "德州" {{x}} %}')).toBe('{% asset_img 01.jpg "雪后 德州 x" %}');
  });
  it('puts the asset folder beside the post', () => {
    expect(assetFolder('hexo-clipper/标题.md')).toBe('hexo-clipper/标题');
  });
});

describe('imageMimeType', () => {
  it.each([
    ['01.jpg', 'image/jpeg'],
    ['02.PNG', 'image/png'],
    ['03.svg', 'image/svg+xml'],
    ['04.ico', 'image/x-icon'],
    ['05.bin', 'application/octet-stream'],
  ])('%s → %s', (name, type) => {
    expect(imageMimeType(name)).toBe(type);
  });
});
