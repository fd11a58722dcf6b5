/**
 * Images saved beside the post, in Hexo's post-asset-folder layout: `NAME.md` + `NAME/01.jpg`.
 * Pure: the fetcher comes in as a parameter (the extension's fetch with the article's Referer,
 * Node's fetch in the CLI, a stub in tests).
 */

export interface FetchedImage {
  bytes: Uint8Array;
  contentType?: string | null;
}

/** Fetches one image as the article page would, with `referer` as the Referer and no cookies. */
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

export interface ImageFailure {
  src: string;
  reason: string;
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

const formatKB = (bytes: number) => `${Math.ceil(bytes / 1024)} KB`;

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
      failures.push({ src, reason: (e as Error).message || 'download failed' });
      continue;
    }
    if (image.contentType && !/^image\//i.test(image.contentType)) {
      failures.push({ src, reason: `not an image (${image.contentType})` });
      continue;
    }
    if (image.bytes.length > limits.maxImageBytes) {
      failures.push({ src, reason: `too large (${formatKB(image.bytes.length)} > ${formatKB(limits.maxImageBytes)})` });
      continue;
    }
    const hash = await digest(image.bytes);
    const same = byHash.get(hash);
    if (same) {
      names.set(src, same);
      continue;
    }
    if (total + image.bytes.length > limits.maxTotalBytes) {
      failures.push({ src, reason: `article image limit reached (${formatKB(limits.maxTotalBytes)})` });
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
