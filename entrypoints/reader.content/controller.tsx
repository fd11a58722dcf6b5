/** The reader's lifetime in the page: open, close, Esc, scroll restore, settings that persist. */
import { render } from 'preact';
import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createShadowRootUi, type ShadowRootContentScriptUi } from 'wxt/utils/content-script-ui/shadow-root';
import { I18n } from '../../components/i18n';
import { Reader, type ReaderArticle, type RestoredView } from '../../components/Reader';
import css from '../../components/reader.css?inline';
import { formatLocal } from '../../utils/core/date';
import { exceptionSite } from '../../utils/core/removals';
import type { Article, Removal } from '../../utils/core/types';
import { clipThisPage, forgetRestored, prepareThisPage, restoreOnPage, showThisPage } from '../../utils/extension/page';
import { mark } from '../../utils/extension/timing';
import { rehearse } from './rehearse';
import { warmFonts } from './warm';
import { getMessageTranslate } from '../../utils/i18n';
import { type BlogState, type ContentMessage, type Failure, type SavedPost, type SaveResponse } from '../../utils/messages';
import type { ReaderSettings, Settings } from '../../utils/settings/schema';
import { loadSettings, storeSettings, watchSettings } from '../../utils/extension/settings-storage';
import { generic, ruleById } from '../../utils/sites';

const t = getMessageTranslate((k, s) => browser.i18n.getMessage(k as never, s));

function readerArticle(article: Article, settings: Settings): ReaderArticle {
  const lang = t('lang') === 'en' ? 'en' : 'zh';
  const rule = article.generic ? generic : (ruleById(article.site) ?? generic);
  return {
    title: article.title,
    siteLabel: rule.label[lang],
    source: article.source,
    time: article.published ? formatLocal(new Date(article.published), settings.timezone).slice(0, 16) : undefined,
    author: article.author,
    content: article.content,
    removed: article.removed,
    restored: article.restored ?? [],
  };
}

/** After the page's own idle work: the next idle period, or two seconds at the latest. */
function whenIdle(): Promise<void> {
  return new Promise((resolve) => requestIdleCallback(() => resolve(), { timeout: 2000 }));
}

export function createReaderController(ctx: ContentScriptContext) {
  let ui: ShadowRootContentScriptUi<HTMLElement> | undefined;
  let restore: (() => void) | undefined;
  let unwatch: (() => void) | undefined;
  /** Redraws from the stored settings; set while the reader is open. */
  let refresh: (() => Promise<void>) | undefined;
  /** The settings the open reader shows, its own look changes included. */
  let shown: Settings | undefined;
  /**
   * What the idle preparation brought: the settings, kept current from storage once the page has
   * gone idle (`watched`; not before, so a tab closed at once makes no storage call), and whether
   * a blog is connected. A shortcut on a prepared page sends neither, so the background reads
   * nothing before its one message.
   */
  let ahead: { settings: Settings; blog: boolean; watched: boolean } | undefined;
  let pendingWrites = 0;
  let writes: Promise<void> = Promise.resolve();

  const close = () => {
    // What was put back holds while the reader is open; closed, the page's article is as extracted.
    if (ui) forgetRestored();
    unwatch?.();
    unwatch = undefined;
    refresh = undefined;
    shown = undefined;
    ui?.remove();
    ui = undefined;
    restore?.();
    restore = undefined;
  };

  /**
   * One write at a time, in order: two overlapping read-modify-writes could store the older look
   * last. Each re-reads first, since the options page may have changed other fields meanwhile.
   */
  const persistReader = (reader: ReaderSettings) => {
    // Already on screen: its echo from storage must not redraw (and reset a half-typed field).
    if (shown) shown = { ...shown, reader };
    pendingWrites++;
    writes = writes
      .then(async () => {
        const { settings } = await loadSettings();
        await storeSettings({ ...settings, reader });
      })
      .catch(() => undefined)
      .finally(() => {
        if (--pendingWrites === 0) void refresh?.();
      });
  };

  const save = async (intent?: 'update' | 'new'): Promise<{ ok: boolean; message: string; existing?: SavedPost | null }> => {
    try {
      const result = (await browser.runtime.sendMessage({ type: 'save', ...(intent ? { intent } : {}) })) as SaveResponse | undefined;
      if (!result) return { ok: false, message: t('error_unknown') };
      // Already in the blog is news, not a failure: the text names the post and its date, and the
      // reader offers to update it or save it anew.
      const ok = result.ok || result.error === 'already-saved';
      const existing = result.ok ? (result.blog ? { path: result.blog.path, title: '' } : undefined) : result.existing;
      return { ok, existing, message: result.text ?? (result.ok ? t('savedAs', result.filename) : t(`error_${result.error.replace(/-/g, '_')}`)) };
    } catch {
      return { ok: false, message: t('error_unknown') };
    }
  };

  /** The connected blog's post for this article, if any: the reader says 已保存 when it opens. */
  const savedInBlog = async (shownArticle: Article): Promise<SavedPost | null> => {
    const article = { url: shownArticle.url, title: shownArticle.title, published: shownArticle.published ?? null };
    const state = (await browser.runtime.sendMessage({ type: 'blog-state', article })) as BlogState | undefined;
    return state?.ok ? state.existing : null;
  };

  /** 恢复 / 全部恢复 / 撤销: the page rebuilds its article with exactly these removals back. */
  const restoreIds = (ids: string[]): RestoredView | null => {
    if (!shown) return null;
    const view = restoreOnPage(shown, ids);
    return view.ok ? { content: view.shown.content, restored: view.shown.restored ?? [] } : null;
  };

  /** 以后保留类似内容: an exception for this text (or image) on this site, read-modify-written like the look. */
  const keepSimilar = async (removal: Removal): Promise<boolean> => {
    const text = removal.text || removal.src;
    const site = exceptionSite(location.href);
    if (!text || !site) return false;
    try {
      const { settings } = await loadSettings();
      if (!settings.exceptions.some((e) => e.site === site && e.text === text)) {
        await storeSettings({ ...settings, exceptions: [...settings.exceptions, { site, text }] });
      }
      return true;
    } catch {
      return false;
    }
  };

  /** `sent`: the stored settings as the background read them for this open. */
  const open = async (blog = false, sent?: Settings): Promise<{ ok: true; open: boolean } | Failure> => {
    if (ui) return { ok: true, open: true };
    mark('reader-open-start');
    const settings = sent ?? (ahead?.watched ? ahead.settings : undefined) ?? (await loadSettings()).settings;
    mark('reader-settings');
    const found = showThisPage(settings);
    mark('reader-extracted');
    if (!found.ok) return found.failure;
    const article = found.shown;
    const prefersDark = window.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false;

    const scroll = { x: window.scrollX, y: window.scrollY };
    const root = document.documentElement;
    const overflow = root.style.overflow;
    restore = () => {
      root.style.overflow = overflow;
      window.scrollTo(scroll.x, scroll.y);
    };

    ui = await createShadowRootUi(ctx, {
      name: 'hexo-clipper-reader',
      position: 'modal',
      zIndex: 2147483647,
      css,
      onMount(container) {
        const draw = (shownArticle: Article, current: Settings) =>
          render(
            <I18n.Provider value={t}>
              <Reader
                article={readerArticle(shownArticle, current)}
                settings={current.reader}
                prefersDark={prefersDark}
                onSettings={persistReader}
                onSave={save}
                onClose={close}
                onRendered={() => mark('reader-open-end')}
                onRestore={restoreIds}
                onKeep={keepSimilar}
                savedInBlog={blog ? () => savedInBlog(shownArticle) : undefined}
              />
            </I18n.Provider>,
            container,
          );
        draw(article, settings);
        // The options page changes what is shown while the reader is open: the reader's look at
        // once, and the article too when a change touches extraction (sites, promo patterns, zone).
        // Each change is read from storage when it is handled, and not while the reader's own
        // writes are on their way, so a late echo of an older write cannot undo a newer look.
        shown = settings;
        refresh = async () => {
          if (pendingWrites > 0) return;
          const { settings: next } = await loadSettings();
          if (pendingWrites > 0 || JSON.stringify(next) === JSON.stringify(shown)) return;
          shown = next;
          const again = showThisPage(next);
          if (again.ok) draw(again.shown, next);
        };
        unwatch = watchSettings(() => void refresh?.());
        return container;
      },
      onRemove(container) {
        if (container) render(null, container);
      },
    });
    ui.mount();
    mark('reader-mounted');
    // The page behind must not scroll under the overlay; its position comes back on close.
    root.style.overflow = 'hidden';
    return { ok: true, open: true };
  };

  /**
   * Ahead of the shortcut: the article extracted, the fonts matched, and the reader drawn and laid
   * out once (see rehearse), so the first open runs compiled code on warm caches. Each step in an
   * idle period of its own (30-65 ms each here; together they were one 110-180 ms task that a
   * click or a scroll could have waited behind), and none once the reader is open.
   */
  const prepare = async (settings: Settings) => {
    if (ahead && !ahead.watched) {
      ahead.watched = true;
      ctx.onInvalidated(watchSettings((next) => ahead && (ahead.settings = next)));
    }
    const article = prepareThisPage(settings);
    await whenIdle();
    if (ui) return;
    warmFonts(document, settings.reader);
    await whenIdle();
    if (ui) return;
    if (article) await rehearse(ctx, readerArticle(article, settings), settings.reader, t);
    mark('reader-prepared');
  };

  ctx.addEventListener(
    window,
    'keydown',
    (e) => {
      if (ui && e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        close();
      }
    },
    { capture: true },
  );
  ctx.onInvalidated(close);

  return {
    async handle(message: ContentMessage): Promise<unknown> {
      switch (message.type) {
        case 'ping':
          return { ok: true };
        case 'clip': {
          // The background sends the save's settings (a blog's effective ones, else the stored ones).
          const settings = message.settings ?? (await loadSettings()).settings;
          return clipThisPage(settings, message.overrides, message.local, message.post).response;
        }
        case 'prepare': {
          ahead = { settings: message.settings, blog: message.blog, watched: ahead?.watched ?? false };
          // After the page's own idle work, and never under an open reader.
          const settings = message.settings;
          void whenIdle().then(() => (ui ? undefined : prepare(settings)));
          return { ok: true };
        }
        case 'toggle-reader': {
          const want = message.open ?? !ui;
          if (!want) {
            close();
            return { ok: true, open: false };
          }
          return open(message.blog ?? ahead?.blog ?? false, message.settings);
        }
      }
    },
  };
}
