/**
 * Injected by the background only before a save whose file name is the title in pinyin
 * (`blog.slug: 'pinyin'`), never on page load: see utils/extension/pinyin.ts.
 */
import { defineContentScript } from 'wxt/utils/define-content-script';
import { toPinyin } from '../utils/core/pinyin';
import { providePinyin } from '../utils/extension/pinyin';
import { contentScriptMatches } from '../utils/sites';

export default defineContentScript({
  matches: contentScriptMatches(),
  registration: 'runtime',
  main() {
    providePinyin(toPinyin);
  },
});
