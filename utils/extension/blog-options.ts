/**
 * The options page's side of connecting a blog: the native picker, the check that the folder is
 * a Hexo blog, the handle store. Nothing is stored for a folder that is not a blog, and nothing
 * is ever written here: connecting only reads `_config.yml` and the scaffold.
 */
import type { BlogSectionApi, BlogStatus, ConnectResult } from '../../components/BlogSection';
import type { BlogFs } from '../blog/fs';
import { handleBlogFs } from './blog-fs';
import { blogPermission, canPickFolder, createBlogStore, pickFolder, type BlogHandle, type BlogStore } from './blog-handle';

/**
 * The config reader (with yaml) loads when a folder is first read, not with the page: it is most
 * of the options page's weight and most visits never open the 博客 section.
 */
async function loadBlogProfile(fs: BlogFs) {
  return (await import('../blog/profile')).loadBlogProfile(fs);
}

async function statusOf(handle: BlogHandle, name: string): Promise<BlogStatus> {
  const result = await loadBlogProfile(handleBlogFs(handle));
  return result.ok ? { kind: 'connected', name, profile: result.profile } : { kind: 'unreadable', name, error: result.error };
}

export function blogSectionApi(store: BlogStore = createBlogStore(), scope: unknown = globalThis): BlogSectionApi {
  const load = async (): Promise<BlogStatus> => {
    const stored = await store.get();
    if (!stored) return { kind: 'none' };
    if ((await blogPermission(stored.handle, false)) !== 'granted') return { kind: 'permission', name: stored.name };
    return statusOf(stored.handle, stored.name);
  };
  return {
    supported: canPickFolder(scope),
    load,
    async connect(): Promise<ConnectResult> {
      const handle = await pickFolder(scope);
      if (!handle) return { kind: 'cancelled' };
      const result = await loadBlogProfile(handleBlogFs(handle));
      if (!result.ok) return { kind: 'refused', name: handle.name, error: result.error };
      const stored = await store.connect(handle);
      return { kind: 'connected', name: stored.name, profile: result.profile };
    },
    async grant() {
      const stored = await store.get();
      if (!stored) return { kind: 'none' };
      if ((await blogPermission(stored.handle, true)) !== 'granted') return { kind: 'permission', name: stored.name };
      return statusOf(stored.handle, stored.name);
    },
    disconnect: () => store.disconnect(),
  };
}
