/**
 * Saving a post with its images in Hexo's post-asset-folder layout: `SUBFOLDER/NAME.md` plus
 * `SUBFOLDER/NAME/01.jpg…` (local), or both inside one `SUBFOLDER/NAME.zip` (zip).
 */
import { assetFolder, imageMimeType, type Asset, type ImageFailure } from '../core/assets';
import { postFiles, zipFiles, zipName } from '../core/bundle';
import type { ClipResponse, ClipSuccess, LocalImagesMessage, SaveSuccess } from '../messages';
import type { Settings } from '../settings/schema';
import { downloadFile, downloadPath, finalBasename } from './download';
import { fetchArticleImages } from './images';

const basename = (path: string) => path.split('/').pop() ?? path;

/** The same files, for `postFiles`, which needs only the text. */
const postOf = (text: string, filename: string) => ({ frontMatter: {}, body: '', text, filename });

export class ImagesError extends Error {}

/**
 * `reclip` asks the page for the post again, now referring to the saved names; the first clip
 * only told us which images there are.
 */
export async function saveWithImages(
  clipped: ClipSuccess,
  settings: Settings,
  mode: 'local' | 'zip',
  reclip: (local: LocalImagesMessage) => Promise<ClipResponse>,
): Promise<SaveSuccess> {
  const limits = { maxImageBytes: settings.images.maxImageKB * 1024, maxTotalBytes: settings.images.maxArticleKB * 1024 };
  const local = await fetchArticleImages(clipped.images, clipped.url, limits);
  let text = clipped.post;
  let filename = clipped.filename;
  if (clipped.images.length) {
    const again = await reclip({ names: [...local.names], failures: local.failures, style: settings.images.assetStyle });
    if (!again.ok) throw new ImagesError(`the page did not rebuild the post: ${again.message}`);
    ({ post: text, filename } = again);
  }
  const summary = { total: new Set(clipped.images).size, saved: local.assets.length, failures: local.failures };

  if (mode === 'zip') {
    // Inside the zip the post sits at the top with its folder beside it, whatever the pattern's subfolders.
    const bytes = zipFiles(postFiles(postOf(text, basename(filename)), local.assets));
    const path = downloadPath(zipName(filename), settings.download);
    const downloadId = await downloadFile({ path, content: bytes, type: 'application/zip', saveAs: settings.download.saveAs, conflictAction: 'uniquify' });
    return { ok: true, downloadId, filename: path, images: { mode, ...summary, files: [path] } };
  }

  // The post first: if the browser renames it on a clash (`标题 (1).md`), the asset folder follows
  // the new name, since Hexo finds a post's assets by the post's file name. Asking where to save
  // (saveAs) would let the post land outside Downloads, where its images cannot follow: not asked.
  const requested = downloadPath(filename, settings.download);
  const downloadId = await downloadFile({ path: requested, content: text, type: 'text/markdown;charset=utf-8', saveAs: false, conflictAction: 'uniquify' });
  const given = (await finalBasename(downloadId)) ?? basename(requested);
  const postPath = requested.replace(/[^/]*$/, given);
  const written = await downloadAssets(assetFolder(postPath), local.assets, local.names);
  return {
    ok: true,
    downloadId,
    filename: postPath,
    images: { mode, ...summary, saved: written.paths.length, failures: [...summary.failures, ...written.failures], files: [postPath, ...written.paths] },
  };
}

/**
 * The post is already written when an image's download is refused: it cannot note that one any
 * more, so the popup lists it (with the URL it came from) rather than the whole save failing.
 */
async function downloadAssets(folder: string, assets: Asset[], names: Map<string, string>): Promise<{ paths: string[]; failures: ImageFailure[] }> {
  const paths: string[] = [];
  const failures: ImageFailure[] = [];
  for (const asset of assets) {
    const path = `${folder}/${asset.name}`;
    try {
      await downloadFile({ path, content: asset.bytes, type: imageMimeType(asset.name), saveAs: false, conflictAction: 'overwrite' });
      paths.push(path);
    } catch (e) {
      const src = [...names].find(([, name]) => name === asset.name)?.[0] ?? path;
      failures.push({ src, code: 'image-download-failed', params: { file: asset.name, detail: (e as Error).message } });
    }
  }
  return { paths, failures };
}
