import { ImageFetchError, type ImageFetcher } from '../core/assets';

/** Node's fetch as the article page would ask: its URL as Referer, no cookies, bounded in time. */
export const nodeImageFetcher: ImageFetcher = async (url, referer) => {
  const response = await fetch(url, { headers: { Referer: referer }, redirect: 'follow', signal: AbortSignal.timeout(20000) });
  if (!response.ok) throw new ImageFetchError('image-http', { status: response.status });
  return { bytes: new Uint8Array(await response.arrayBuffer()), contentType: response.headers.get('content-type') };
};
