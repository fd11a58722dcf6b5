/** Writing a post into Downloads. */
import { browser } from 'wxt/browser';
import type { Settings } from '../settings/schema';

/** `subfolder/filename`, with the subfolder's stray slashes trimmed (validation already refused `..`). */
export function downloadPath(filename: string, options: Settings['download']): string {
  const folder = options.subfolder.trim().replace(/\\/g, '/').replace(/^\/+|\/+$/g, '');
  return folder ? `${folder}/${filename}` : filename;
}

/**
 * An MV3 service worker has no `URL.createObjectURL`, so Chrome gets a `data:` URL; Firefox's
 * MV2 background page gets a Blob URL, which it handles for any size.
 */
export function postUrl(text: string): { url: string; release(): void } {
  if (typeof URL.createObjectURL === 'function') {
    const url = URL.createObjectURL(new Blob([text], { type: 'text/markdown;charset=utf-8' }));
    return { url, release: () => setTimeout(() => URL.revokeObjectURL(url), 60_000) };
  }
  return { url: `data:text/markdown;charset=utf-8,${encodeURIComponent(text)}`, release: () => {} };
}

export async function downloadPost(text: string, filename: string, options: Settings['download']): Promise<{ downloadId: number; path: string }> {
  const path = downloadPath(filename, options);
  const { url, release } = postUrl(text);
  try {
    const downloadId = await browser.downloads.download({ url, filename: path, conflictAction: 'uniquify', saveAs: options.saveAs });
    return { downloadId, path };
  } finally {
    release();
  }
}
