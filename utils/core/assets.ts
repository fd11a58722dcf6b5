/**
 * Images saved beside the post, in Hexo's post-asset-folder layout: `NAME.md` + `NAME/01.jpg`.
 * Pure: the fetcher comes in as a parameter (the extension's fetch with the article's Referer,
 * Node's fetch in the CLI, a stub in tests).
 */
import type { ImageFailureCode, ReasonParams } from './types';

export interface FetchedImage {
  bytes: Uint8Array;
  contentType?: string | null;
}

/**
 * Fetches one image as the article page would, with `referer` as the Referer and no cookies.
 * Throws an `ImageFetchError` for a failure it knows the cause of; any other error is listed as
 * `image-fetch-failed` with its message.
 */
export type ImageFetcher = (url: string, referer: string) => Promise<FetchedImage>;

export interface AssetLimits {
  /** Bytes per image; larger ones keep their remote URL. */
  maxImageBytes: number;
  /** Bytes per article; images past it keep their remote URL. */
  maxTotalBytes: number;
}

export interface Asset {
  name: string;
  bytes: Uint8Array;
}

/** An image that kept its remote URL, and why: the UI words `code` and `params` (`describe` in utils/i18n.ts). */
export interface ImageFailure {
  src: string;
  code: ImageFailureCode;
  /** `status` (image-http), `host` (image-no-permission), `size`/`limit` in bytes, `type`, `file`, `detail`. */
  params: ReasonParams;
}

const formatKB = (bytes: string | number | undefined) => `${Math.ceil(Number(bytes) / 1024)} KB`;

/**
 * The failure as the post's comment and the logs write it, in English as they always have
 * (`HTTP 404`, `too large (6 KB > 5 KB)`): a record in the file, not text for the user to read.
 */
export function imageFailureNote({ code, params: p }: Omit<ImageFailure, 'src'>): string {
  switch (code) {
    case 'image-http':
      return `HTTP ${p.status}`;
    case 'image-no-permission':
      return `no permission for ${p.host}`;
    case 'image-too-large':
      return `too large (${formatKB(p.size)} > ${formatKB(p.limit)})`;
    case 'image-article-limit':
      return `article image limit reached (${formatKB(p.limit)})`;
    case 'image-not-image':
      return `not an image (${p.type})`;
    case 'image-download-failed':
      return `download of ${p.file} failed: ${p.detail}`;
    case 'image-fetch-failed':
      return String(p.detail);
  }
}

/** A fetcher's failure with a known cause. */
export class ImageFetchError extends Error {
  constructor(
    readonly code: ImageFailureCode,
    readonly params: ReasonParams,
  ) {
    super(imageFailureNote({ code, params }));
  }
}

export interface LocalImages {
  /** Remote URL → file name inside the asset folder. */
  names: Map<string, string>;
  /** Each distinct file once, in order. */
  assets: Asset[];
  failures: ImageFailure[];
}

const MIME_EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/jpg': 'jpg',
  'image/pjpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/avif': 'avif',
  'image/svg+xml': 'svg',
  'image/bmp': 'bmp',
  'image/x-icon': 'ico',
  'image/vnd.microsoft.icon': 'ico',
};

/** The Content-Type for a saved image file, from its extension (the first MIME type that maps to it). */
export function imageMimeType(filename: string): string {
  const ext = filename.split('.').pop()?.toLowerCase();
  return Object.entries(MIME_EXTENSIONS).find(([, e]) => e === ext)?.[0] ?? 'application/octet-stream';
}

/** The file extension for an image: its Content-Type first, then its URL, then `jpg`. */
export function imageExtension(url: string, contentType?: string | null): string {
  const mime = contentType?.split(';')[0]?.trim().toLowerCase();
  if (mime && MIME_EXTENSIONS[mime]) return MIME_EXTENSIONS[mime];
  let path = url;
  try {
    path = new URL(url).pathname;
  } catch {
    // A relative or odd URL: read its extension as written.
  }
  const ext = /\.([a-z0-9]{2,5})$/i.exec(path)?.[1]?.toLowerCase();
  if (ext === 'jpeg') return 'jpg';
  if (ext && Object.values(MIME_EXTENSIONS).includes(ext)) return ext;
  return 'jpg';
}

async function digest(bytes: Uint8Array): Promise<string> {
  const hash = await crypto.subtle.digest('SHA-256', bytes as BufferSource);
  return Array.from(new Uint8Array(hash), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Fetches each distinct image once, names them `01.jpg`, `02.png`… in order of first appearance,
 * and stores identical bytes once. A failure never drops an image: it is listed, and the post
 * keeps the remote URL for it.
 */
export async function fetchImages(srcs: string[], referer: string, fetcher: ImageFetcher, limits: AssetLimits): Promise<LocalImages> {
  const names = new Map<string, string>();
  const byHash = new Map<string, string>();
  const assets: Asset[] = [];
  const failures: ImageFailure[] = [];
  let total = 0;
  const unique = [...new Set(srcs)];
  const width = Math.max(2, String(unique.length).length);
  for (const src of unique) {
    let image: FetchedImage;
    try {
      image = await fetcher(src, referer);
    } catch (e) {
      failures.push(e instanceof ImageFetchError ? { src, code: e.code, params: e.params } : { src, code: 'image-fetch-failed', params: { detail: (e as Error).message || 'download failed' } });
      continue;
    }
    if (image.contentType && !/^image\//i.test(image.contentType)) {
      failures.push({ src, code: 'image-not-image', params: { type: image.contentType } });
      continue;
    }
    if (image.bytes.length > limits.maxImageBytes) {
      failures.push({ src, code: 'image-too-large', params: { size: image.bytes.length, limit: limits.maxImageBytes } });
      continue;
    }
    const hash = await digest(image.bytes);
    const same = byHash.get(hash);
    if (same) {
      names.set(src, same);
      continue;
    }
    if (total + image.bytes.length > limits.maxTotalBytes) {
      failures.push({ src, code: 'image-article-limit', params: { limit: limits.maxTotalBytes } });
      continue;
    }
    total += image.bytes.length;
    const name = `${String(assets.length + 1).padStart(width, '0')}.${imageExtension(src, image.contentType)}`;
    byHash.set(hash, name);
    names.set(src, name);
    assets.push({ name, bytes: image.bytes });
  }
  return { names, assets, failures };
}

/** `{% asset_img 01.jpg "alt" %}`: Hexo's tag for an image in the post's asset folder. */
export function assetImgTag(name: string, alt: string): string {
  const title = alt.replace(/["\\]/g, '').replace(/[{}%]/g, '').replace(/\s+/g, ' ').trim();
  return title ? `{% asset_img ${name} "${title}" %}` : `{% asset_img ${name} %}`;
}

/** The post's asset folder beside it: `posts/标题.md` → `posts/标题/`. */
export function assetFolder(postFilename: string): string {
  return postFilename.replace(/\.(md|markdown|html)$/i, '');
}
