/**
 * The File System Access BlogFs against a small in-memory stand-in for the handle API, with the
 * browser's error names. The real API is exercised by tests/e2e/blog.test.ts (OPFS in Chromium).
 */
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { blogPermission, createBlogStore, type BlogHandle } from '../../utils/extension/blog-handle';
import { handleBlogFs } from '../../utils/extension/blog-fs';
import { domError, MemDir } from './blog-helpers';

async function paths(fs: ReturnType<typeof handleBlogFs>, dir: string): Promise<string[]> {
  const out: string[] = [];
  for await (const e of fs.list(dir)) out.push(e.path);
  return out.sort();
}

describe('handleBlogFs', () => {
  it('writes into folders it creates, reads back, lists recursively with dates and sizes', async () => {
    const root = new MemDir('blog');
    const fs = handleBlogFs(root);
    await fs.writeFile('source/_posts/新媒体/趣头条/标题.md', '---\ntitle: 标题\n---\n');
    await fs.writeFile('source/_posts/新媒体/趣头条/标题/01.jpg', new Uint8Array([1, 2, 3]));
    expect(await fs.readText('source/_posts/新媒体/趣头条/标题.md')).toBe('---\ntitle: 标题\n---\n');
    expect(await fs.readBytes('source/_posts/新媒体/趣头条/标题/01.jpg')).toEqual(new Uint8Array([1, 2, 3]));
    expect(await fs.readBytes('source/_posts/none.jpg')).toBeNull();
    expect(await paths(fs, 'source/_posts')).toEqual(['source/_posts/新媒体/趣头条/标题.md', 'source/_posts/新媒体/趣头条/标题/01.jpg']);
    const entries = [];
    for await (const e of fs.list('source')) entries.push(e);
    expect(entries.find((e) => e.path.endsWith('01.jpg'))).toMatchObject({ size: 3, lastModified: 2 });
  });

  it('answers null / false / nothing for what is not there, a file in the way included', async () => {
    const root = new MemDir('blog');
    const fs = handleBlogFs(root);
    await fs.writeFile('_config.yml', 'title: x\n');
    expect(await fs.readText('missing.md')).toBeNull();
    expect(await fs.readText('_config.yml/inner')).toBeNull();
    expect(await fs.readText('no/such/folder/x.md')).toBeNull();
    expect(await paths(fs, 'source/_posts')).toEqual([]);
    expect(await fs.exists('_config.yml')).toBe(true);
    expect(await fs.exists('source')).toBe(false);
    await fs.writeFile('source/.keep', '');
    expect(await fs.exists('source')).toBe(true);
    await fs.remove('source/_posts/none');
    await fs.remove('nothing/here');
  });

  it('removes a folder with everything in it', async () => {
    const root = new MemDir('blog');
    const fs = handleBlogFs(root);
    await fs.writeFile('source/_posts/a/01.jpg', new Uint8Array([1]));
    await fs.writeFile('source/_posts/a.md', 'x');
    await fs.remove('source/_posts/a');
    expect(await paths(fs, 'source')).toEqual(['source/_posts/a.md']);
  });

  it('a failed write leaves the old content and reports the failure', async () => {
    const root = new MemDir('blog');
    const fs = handleBlogFs(root);
    await fs.writeFile('a.md', 'old');
    (await root.getFileHandle('a.md')).failNextWrite = true;
    await expect(fs.writeFile('a.md', 'new')).rejects.toThrow('QuotaExceededError');
    expect(await fs.readText('a.md')).toBe('old');
  });

  it('refuses paths that leave the blog', async () => {
    const fs = handleBlogFs(new MemDir('blog'));
    await expect(fs.writeFile('../x.md', 'x')).rejects.toThrow(/not a relative blog path/);
    await expect(fs.readText('/etc/passwd')).rejects.toThrow(/not a relative blog path/);
    await expect(fs.remove('')).rejects.toThrow(/blog folder itself/);
  });
});

describe('the handle store (IndexedDB)', () => {
  // Real handles are structured-cloneable; a plain record stands in for one here.
  const fakeHandle = (name: string) => ({ kind: 'directory', name }) as unknown as BlogHandle;

  it('keeps the handle across store instances (a browser restart reopens the database)', async () => {
    const idb = new IDBFactory();
    expect(await createBlogStore(idb).get()).toBeNull();
    await createBlogStore(idb).connect(fakeHandle('my-blog'), 1000);
    const again = await createBlogStore(idb).get();
    expect(again).toMatchObject({ name: 'my-blog', connectedAt: 1000, handle: { name: 'my-blog' } });
  });

  it('a new folder or a disconnect drops the index cache with the handle', async () => {
    const idb = new IDBFactory();
    const store = createBlogStore(idb);
    await store.connect(fakeHandle('one'));
    await store.putIndexCache({ version: 1, files: { 'a.md': {} } });
    expect(await store.getIndexCache()).toEqual({ version: 1, files: { 'a.md': {} } });
    await store.connect(fakeHandle('two'));
    expect(await store.getIndexCache()).toBeNull();
    await store.putIndexCache({ version: 1, files: {} });
    await store.disconnect();
    expect(await store.get()).toBeNull();
    expect(await store.getIndexCache()).toBeNull();
  });
});

describe('blogPermission', () => {
  const handle = (state: string, answer: string | Error) => {
    const calls: string[] = [];
    const h = {
      queryPermission: async () => {
        calls.push('query');
        return state;
      },
      requestPermission: async () => {
        calls.push('request');
        if (answer instanceof Error) throw answer;
        return answer;
      },
    } as unknown as BlogHandle;
    return { h, calls };
  };

  it('asks only when asked to and only when the browser dropped the permission', async () => {
    let t = handle('granted', 'denied');
    expect(await blogPermission(t.h, true)).toBe('granted');
    expect(t.calls).toEqual(['query']);
    t = handle('prompt', 'granted');
    expect(await blogPermission(t.h, false)).toBe('prompt');
    expect(t.calls).toEqual(['query']);
    expect(await blogPermission(t.h, true)).toBe('granted');
    t = handle('prompt', 'denied');
    expect(await blogPermission(t.h, true)).toBe('denied');
  });

  it('a request the browser throws on (no user gesture) counts as refused', async () => {
    const t = handle('prompt', domError('SecurityError'));
    expect(await blogPermission(t.h, true)).toBe('denied');
  });

  it('a handle with no permission API (the origin-private file system) is usable', async () => {
    expect(await blogPermission({} as BlogHandle, false)).toBe('granted');
  });
});
