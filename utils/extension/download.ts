/** Writing a post into Downloads. */
import { browser } from 'wxt/browser';
import type { Settings } from '../settings/schema';

/** `subfolder/filename`, with the subfolder's stray slashes trimmed (validation already refused `..`). */
export function downloadPath(filename: string, options: Settings['download']): string {
  const folder = options.subfolder.trim().replace(/\\/g, '/').replace(/^\/+|\/+$/g, '');
  return folder ? `${folder}/${filename}` : filename;
}

/** Binary as base64, in slices: `String.fromCharCode(...bytes)` on a whole image overflows the stack. */
function base64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/**
 * An MV3 service worker has no `URL.createObjectURL`, so Chrome gets a `data:` URL (measured: a
 * 12 MB one downloads fine in Chromium 156); Firefox's MV2 background page gets a Blob URL, which
 * it handles for any size.
 */
export function fileUrl(content: string | Uint8Array, type: string): { url: string; release(): void } {
  if (typeof URL.createObjectURL === 'function') {
    const url = URL.createObjectURL(new Blob([content as BlobPart], { type }));
    return { url, release: () => setTimeout(() => URL.revokeObjectURL(url), 60_000) };
  }
  if (typeof content === 'string') return { url: `data:${type},${encodeURIComponent(content)}`, release: () => {} };
  return { url: `data:${type};base64,${base64(content)}`, release: () => {} };
}

export interface FileDownload {
  /** Inside Downloads, `/`-separated. */
  path: string;
  content: string | Uint8Array;
  type: string;
  saveAs: boolean;
  /** `uniquify` never replaces a file; `overwrite` is for an asset folder that belongs to a post just written. */
  conflictAction: 'uniquify' | 'overwrite';
}

export async function downloadFile(file: FileDownload): Promise<number> {
  const { url, release } = fileUrl(file.content, file.type);
  try {
    return await browser.downloads.download({ url, filename: file.path, conflictAction: file.conflictAction, saveAs: file.saveAs });
  } finally {
    release();
  }
}

export async function downloadPost(text: string, filename: string, options: Settings['download']): Promise<{ downloadId: number; path: string }> {
  const path = downloadPath(filename, options);
  const downloadId = await downloadFile({ path, content: text, type: 'text/markdown;charset=utf-8', saveAs: options.saveAs, conflictAction: 'uniquify' });
  return { downloadId, path };
}

/**
 * The name the browser really gave a download (`标题 (1).md` on a clash), as soon as it is decided;
 * `null` if it is not known in time. Throws when the download was interrupted.
 */
export async function finalBasename(downloadId: number, timeoutMs = 10_000): Promise<string | null> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [item] = await browser.downloads.search({ id: downloadId });
    if (item?.state === 'interrupted') throw new Error(`download interrupted: ${item.error ?? 'unknown'}`);
    if (item?.filename) return item.filename.split(/[\\/]/).pop() ?? null;
    if (Date.now() > deadline) return null;
    await new Promise((r) => setTimeout(r, 50));
  }
}
