/**
 * The reader laid out once while the page is idle, so that the shortcut's first layout finds the
 * article's glyphs loaded. The first layout of an article's Chinese text in the reader's fonts
 * loads each of its glyphs: about 15 ms for an article here, most of a prepared open's layout. A
 * canvas cannot stand in for it (measuring the same text there took ten times as long, though it
 * warms the same caches). So the reader, with the article's text and none of its media, is
 * attached hidden under a closed shadow root, laid out and removed within one task: no script of
 * the page runs while it is there, nothing is painted, no image is requested.
 */
import { render } from 'preact';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createShadowRootUi } from 'wxt/utils/content-script-ui/shadow-root';
import { I18n } from '../../components/i18n';
import { Reader, type ReaderArticle } from '../../components/Reader';
import css from '../../components/reader.css?inline';
import type { Translate } from '../../utils/i18n';
import type { ReaderSettings } from '../../utils/settings/schema';

/** What a copy in the page would start loading, even unattached: images, media, frames. */
const MEDIA = 'img, picture, video, audio, source, track, iframe, object, embed';

/** The article's text and structure without its media, still in the article's own (inert) document. */
export function withoutMedia(content: Element): Element {
  const copy = content.cloneNode(true) as Element;
  for (const el of Array.from(copy.querySelectorAll(MEDIA))) el.remove();
  return copy;
}

export const REHEARSAL_NAME = 'hexo-clipper-rehearsal';

export async function rehearse(ctx: ContentScriptContext, article: ReaderArticle, look: ReaderSettings, t: Translate): Promise<void> {
  const rehearsal = await createShadowRootUi(ctx, {
    name: REHEARSAL_NAME,
    mode: 'closed',
    position: 'modal',
    css,
    onMount(container) {
      render(
        <I18n.Provider value={t}>
          <Reader
            article={{ ...article, content: withoutMedia(article.content) }}
            settings={look}
            prefersDark={false}
            onSettings={() => undefined}
            onSave={async () => ({ ok: false, message: '' })}
            onClose={() => undefined}
          />
        </I18n.Provider>,
        container,
      );
      return container;
    },
    onRemove(container) {
      if (container) render(null, container);
    },
  });
  rehearsal.mount();
  rehearsal.shadowHost.style.setProperty('visibility', 'hidden', 'important');
  // Reading a box lays out the whole document, the hidden reader with it.
  rehearsal.uiContainer.getBoundingClientRect();
  rehearsal.remove();
}
