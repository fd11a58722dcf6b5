/**
 * Titles in pinyin for `blog.slug: 'pinyin'` (`稳定毕业去向` → `wen-ding-bi-ye-qu-xiang`). Its own
 * module because pinyin-pro's dictionary is about 300 KB: only the hosts that save with this slug
 * (the CLI, the extension's save path) import it and pass it to `formatFilename`/`buildPost`.
 */
import { pinyin } from 'pinyin-pro';

export function toPinyin(text: string): string {
  // Non-Chinese runs (digits, Latin words) stay as they are, separated from syllables by spaces.
  return pinyin(text, { toneType: 'none', type: 'array', nonZh: 'consecutive', v: true }).join(' ');
}
