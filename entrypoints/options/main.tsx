import { render } from 'preact';
import { browser } from 'wxt/browser';
import { BlogSection } from '../../components/BlogSection';
import { I18n } from '../../components/i18n';
import { Options } from '../../components/Options';
import { blogSectionApi } from '../../utils/extension/blog-options';
import { requestImageAccess } from '../../utils/extension/images';
import { getMessageTranslate } from '../../utils/i18n';
import type { Settings } from '../../utils/settings/schema';
import { loadSettings, storeSettings } from '../../utils/extension/settings-storage';

const t = getMessageTranslate((k, s) => browser.i18n.getMessage(k as never, s));
document.title = `${t('optionsTitle')} · ${t('extName')}`;
document.documentElement.lang = t('lang') === 'en' ? 'en' : 'zh-CN';

/** The sample loads in its own window (a hidden same-origin frame), so the pipeline gets a real Document. */
function sampleDocument(path: string): Promise<Document> {
  const frame = document.getElementById('sample') as HTMLIFrameElement;
  return new Promise((resolve, reject) => {
    frame.addEventListener('load', () => (frame.contentDocument ? resolve(frame.contentDocument) : reject(new Error('sample not readable'))), { once: true });
    frame.src = browser.runtime.getURL(path as never);
  });
}

async function main() {
  const loaded = await loadSettings();
  // A repaired store is written back once, so the notice is shown once and the store is sound again.
  if (loaded.repaired.length) await storeSettings(loaded.settings).catch(() => undefined);
  const pipeline = import('./preview');
  const sample = pipeline.then((p) => sampleDocument(p.SAMPLE_PATH));
  const sanitizer = pipeline.then((p) => p.createSanitizer(window));
  const preview = async (settings: Settings) => {
    const { samplePost } = await pipeline;
    const result = samplePost(await sample, settings, await sanitizer);
    return result.ok ? { text: result.text, removed: result.removed } : `${t('previewFailed')}: ${result.message}`;
  };
  const exportJson = (json: string) => {
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([json], { type: 'application/json' }));
    a.download = 'hexo-clipper-settings.json';
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
  };
  render(
    <I18n.Provider value={t}>
      <Options
        initial={loaded.settings}
        repaired={loaded.repaired}
        save={storeSettings}
        preview={preview}
        exportJson={exportJson}
        requestImageAccess={requestImageAccess}
        blog={<BlogSection api={blogSectionApi()} />}
        lang={t('lang') === 'en' ? 'en' : 'zh'}
      />
    </I18n.Provider>,
    document.getElementById('app') as HTMLElement,
  );
}

void main();
