/**
 * The toolbar popup: what a save will write, editable where it matters, and the three actions.
 * Everything browser-side comes in through `api`, so the view is tested with plain functions.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { overridesIssue } from '../utils/overrides';
import type { ImageFailure } from '../utils/core/assets';
import { plural, reasonText } from '../utils/i18n';
import { failureText, saveText, tabsSummary } from '../utils/extension/blog-text';
import type { BlogState, ClipOverrides, ClipResponse, ClipSuccess, Failure, SavedPost, SaveResponse, TabInfo, TabSaveResult } from '../utils/messages';
import { categoriesToText, listToText, textToCategories, textToList } from '../utils/settings/edit';
import { choiceLabel, issueText } from '../utils/settings/reasons';
import { CHOICES, type ImageMode } from '../utils/settings/schema';
import { AlreadySaved } from './AlreadySaved';
import { useT } from './i18n';

export interface PopupApi {
  tabInfo(): Promise<TabInfo | Failure>;
  clip(overrides?: ClipOverrides): Promise<ClipResponse>;
  /** `images`: this save's choice, which starts as the setting; `intent` for an article the blog already has. */
  save(overrides: ClipOverrides, images: ImageMode, intent?: 'update' | 'new'): Promise<SaveResponse>;
  /** The connected blog, and this article in it when `article` is given. */
  blogState?(article?: { url: string; title: string; published: string | null }): Promise<BlogState | Failure>;
  /**
   * Makes sure the blog folder may be written, asking the browser again if it dropped the
   * permission; called first in the click (the prompt needs the user's gesture). Refused, the
   * save goes to Downloads and says so.
   */
  ensureBlogAccess?(): Promise<'granted' | 'prompt' | 'denied' | 'none'>;
  saveTabs?(tabIds: number[]): Promise<TabSaveResult[] | Failure>;
  /** Whether this browser can connect a blog folder (Chromium's picker; not Firefox). */
  blogSupported?: boolean;
  /** Opens the options page at its 博客 section. */
  openBlogSettings?(): void;
  /** Asks for the image hosts (local and zip saving); called inside the user's click or change. */
  requestImageAccess(): Promise<boolean>;
  copy(text: string): Promise<void>;
  openReader(): Promise<{ ok: true } | Failure>;
}

type Phase =
  | { kind: 'loading' }
  | { kind: 'offer-generic'; label: string }
  | { kind: 'not-article'; reason?: string }
  | { kind: 'article'; result: ClipSuccess }
  | { kind: 'failed' };

interface Form {
  title: string;
  tags: string;
  categories: string;
}

type Status = { kind: 'success' | 'error' | 'info'; text: string } | null;

const IMAGE_MODES = (CHOICES['images.mode']?.values ?? []) as readonly ImageMode[];

interface PopupProps {
  api: PopupApi;
  lang: 'zh' | 'en';
  /** The `images.mode` setting: where this save's choice starts. */
  imageMode?: ImageMode;
  onReaderOpened?: () => void;
}

/** `onReaderOpened`: the popup closes itself so the reader is visible, opened as a tab too (the e2e suite relies on it). */
export function Popup({ api, lang, imageMode: initialImageMode = 'remote', onReaderOpened }: PopupProps) {
  const t = useT();
  const [phase, setPhase] = useState<Phase>({ kind: 'loading' });
  const [form, setForm] = useState<Form>({ title: '', tags: '', categories: '' });
  const [status, setStatus] = useState<Status>(null);
  const [busy, setBusy] = useState(false);
  const [invalid, setInvalid] = useState<string | null>(null);
  const [imageMode, setImageMode] = useState<ImageMode>(initialImageMode);
  const [imageFailures, setImageFailures] = useState<ImageFailure[]>([]);
  // The refresh that follows an edit; copy and save wait for it so they use what was typed.
  const pending = useRef<Promise<unknown>>(Promise.resolve());
  const latest = useRef<string | null>(null);
  const [blog, setBlog] = useState<BlogState['blog'] | undefined>(undefined);
  const [existing, setExisting] = useState<SavedPost | null>(null);
  const [selected, setSelected] = useState<number[]>([]);
  const [tabResults, setTabResults] = useState<TabSaveResult[]>([]);
  const imageTouched = useRef(false);

  const errorText = (f: Failure) => failureText(f, t);

  const lookUp = async (result: ClipSuccess) => {
    if (!api.blogState) return setBlog(null);
    return api.blogState({ url: result.url, title: result.title, published: result.published }).then(
      (state) => {
        if (!state.ok) return;
        setBlog(state.blog);
        // The blog's own default (local images on a post-asset-folder blog), unless the user already picked.
        if (state.blog?.ready && !imageTouched.current) setImageMode(state.blog.imageMode);
        setExisting(state.existing);
      },
      () => setBlog(null),
    );
  };

  const show = (response: ClipResponse, fillForm: boolean) => {
    if (response.ok) {
      latest.current = response.post;
      setPhase({ kind: 'article', result: response });
      if (fillForm) {
        setForm({ title: response.title, tags: listToText(response.tags), categories: categoriesToText(response.categories, ';') });
        void lookUp(response);
      }
    } else if (response.error === 'not-article') {
      setPhase({ kind: 'not-article', reason: response.reason });
    } else {
      setPhase({ kind: 'failed' });
      setStatus({ kind: 'error', text: errorText(response) });
    }
  };

  useEffect(() => {
    void (async () => {
      const info = await api.tabInfo();
      if (!info.ok) {
        setPhase({ kind: 'failed' });
        setStatus({ kind: 'error', text: errorText(info) });
        return;
      }
      setSelected(info.selected ?? []);
      if (info.imageMode && !imageTouched.current) setImageMode(info.imageMode);
      if (!info.site) {
        setPhase({ kind: 'offer-generic', label: t('siteGeneric') });
        return;
      }
      show(await api.clip(), true);
    })();
  }, []);

  const overridesOf = (f: Form): ClipOverrides => ({ title: f.title.trim(), tags: textToList(f.tags), categories: textToCategories(f.categories) });

  const generic = async () => {
    setBusy(true);
    setStatus(null);
    try {
      show(await api.clip(), true);
    } finally {
      setBusy(false);
    }
  };

  /** After an edit: the filename and warnings follow the typed title; an invalid value is named, and kept. */
  const refresh = (next: Form) => {
    const overrides = overridesOf(next);
    const issue = overridesIssue(overrides);
    setInvalid(issue && issueText(issue, t));
    if (issue) return;
    pending.current = api.clip(overrides).then((response) => {
      if (!response.ok) return;
      latest.current = response.post;
      setPhase({ kind: 'article', result: response });
    });
  };

  const edit = (key: keyof Form) => (e: Event) => setForm({ ...form, [key]: (e.currentTarget as HTMLInputElement).value });
  const commit = (key: keyof Form) => (e: Event) => {
    const next = { ...form, [key]: (e.currentTarget as HTMLInputElement).value };
    setForm(next);
    refresh(next);
  };

  /**
   * Local and zip need the image hosts. Asked at once, in the event that chose them (Chrome only
   * shows its prompt inside a user gesture); refused, the choice goes back to remote.
   */
  const askImageAccess = async (): Promise<boolean> => {
    let granted = false;
    try {
      granted = await api.requestImageAccess();
    } catch {
      granted = false;
    }
    if (!granted) {
      setImageMode('remote');
      setStatus({ kind: 'error', text: t('imagePermissionRefused') });
    }
    return granted;
  };

  const chooseImages = (e: Event) => {
    const mode = (e.currentTarget as HTMLSelectElement).value as ImageMode;
    imageTouched.current = true;
    setImageMode(mode);
    setStatus(null);
    if (mode !== 'remote') void askImageAccess();
  };

  /** The blog's permission, asked inside the click; a refusal is said, and the save goes to Downloads. */
  const askBlogAccess = async (): Promise<void> => {
    if (!blog || !api.ensureBlogAccess) return;
    const access = await api.ensureBlogAccess().catch(() => 'denied' as const);
    if (access === 'denied' || access === 'prompt') setStatus({ kind: 'info', text: t('blogFallback_permission') });
  };

  const save = async (intent?: 'update' | 'new') => {
    const overrides = overridesOf(form);
    const issue = overridesIssue(overrides);
    if (issue) {
      setInvalid(issueText(issue, t));
      setStatus({ kind: 'error', text: t('error_invalid_overrides') });
      return;
    }
    // Before any other await, while the click still counts as a gesture; granted already, nothing is shown.
    await askBlogAccess();
    if (imageMode !== 'remote' && !(await askImageAccess())) return;
    setBusy(true);
    setImageFailures([]);
    setStatus({ kind: 'info', text: t('saving') });
    try {
      await pending.current;
      const result = intent ? await api.save(overrides, imageMode, intent) : await api.save(overrides, imageMode);
      // The form stays as typed either way: a failed save must not cost the user their edits.
      if (!result.ok) {
        if (result.error === 'already-saved' && result.existing) setExisting(result.existing);
        setStatus({ kind: result.error === 'already-saved' ? 'info' : 'error', text: errorText(result) });
      } else {
        const failed = result.images?.failures ?? [];
        setImageFailures(failed);
        if (result.blog) setExisting({ path: result.blog.path, title: form.title });
        setStatus({ kind: failed.length || result.fallback ? 'info' : 'success', text: saveText(result, t) });
      }
    } catch (e) {
      setStatus({ kind: 'error', text: t('error_unknown') });
      console.error(e);
    } finally {
      setBusy(false);
    }
  };

  const saveSelected = async () => {
    await askBlogAccess();
    setBusy(true);
    setTabResults([]);
    setStatus({ kind: 'info', text: t('saving') });
    try {
      const results = api.saveTabs ? await api.saveTabs(selected) : [];
      if (!Array.isArray(results)) {
        setStatus({ kind: 'error', text: errorText(results) });
        return;
      }
      setTabResults(results);
      setStatus({ kind: results.some((r) => r.outcome === 'failed') ? 'error' : 'success', text: tabsSummary(results, t) });
    } finally {
      setBusy(false);
    }
  };

  const copy = async () => {
    try {
      await pending.current;
      // The latest clip already carries the overrides: refresh ran on change.
      if (latest.current === null) return;
      await api.copy(latest.current);
      setStatus({ kind: 'success', text: t('copied') });
    } catch (e) {
      setStatus({ kind: 'error', text: t('error_clipboard') });
      console.error(e);
    }
  };

  const reader = async () => {
    const result = await api.openReader();
    if (result.ok) onReaderOpened?.();
    else setStatus({ kind: 'error', text: errorText(result) });
  };

  return (
    <main class="popup" lang={lang === 'zh' ? 'zh-CN' : 'en'}>
      <header>
        <strong>{t('extName')}</strong>
        {phase.kind === 'article' && (
          <span class="site" data-testid="popup-site" data-site={phase.result.site} data-generic={String(phase.result.generic)}>
            {phase.result.generic ? t('siteGeneric') : phase.result.siteLabel[lang]}
          </span>
        )}
        {phase.kind === 'offer-generic' && (
          <span class="site" data-testid="popup-site" data-site="generic" data-generic="true">
            {phase.label}
          </span>
        )}
      </header>

      {phase.kind === 'loading' && <p class="muted">{t('loading')}</p>}

      {phase.kind === 'offer-generic' && (
        <section>
          <p>{t('genericOffer')}</p>
          <button class="primary" data-testid="popup-generic" disabled={busy} onClick={generic}>
            {t('genericExtract')}
          </button>
        </section>
      )}

      {phase.kind === 'not-article' && (
        <p class="notice" data-testid="popup-not-article" data-reason={phase.reason}>
          {t('notArticle')}
        </p>
      )}

      {phase.kind === 'article' && (
        <form onSubmit={(e) => { e.preventDefault(); void save(); }}>
          <label>
            {t('fieldTitle')}
            <input data-testid="popup-title" value={form.title} onInput={edit('title')} onChange={commit('title')} required />
          </label>
          <dl>
            <dt>{t('fieldTime')}</dt>
            <dd data-testid="popup-time">{phase.result.date}</dd>
            <dt>{t('fieldSource')}</dt>
            <dd data-testid="popup-source">{phase.result.source ?? t('unknownSource')}</dd>
          </dl>
          <label>
            {t('fieldTags')}
            <input data-testid="popup-tags" value={form.tags} placeholder={t('tagsPlaceholder')} onInput={edit('tags')} onChange={commit('tags')} />
          </label>
          <label>
            {t('fieldCategories')}
            <input data-testid="popup-categories" value={form.categories} placeholder="新媒体 / 趣头条 / 分类" onInput={edit('categories')} onChange={commit('categories')} />
          </label>
          <label>
            {t('fieldImages')}
            <select data-testid="popup-images" value={imageMode} onChange={chooseImages}>
              {IMAGE_MODES.map((m) => (
                <option value={m}>{choiceLabel('images.mode', m, t)}</option>
              ))}
            </select>
          </label>
          {invalid && <p class="error" data-testid="popup-invalid">{invalid}</p>}
          <p class="filename">
            {t('fieldFilename')} <code data-testid="popup-filename">{phase.result.filename}</code>
          </p>
          {(phase.result.restored?.length ?? 0) > 0 && (
            <p class="restored" data-testid="popup-restored">
              {plural('popupRestored', phase.result.restored?.length ?? 0, t)}
            </p>
          )}
          <ul class="warnings" data-testid="popup-warnings">
            {phase.result.warnings.map((w) => (
              <li data-warning={w}>{t(`warning_${w.replace(/-/g, '_')}`)}</li>
            ))}
          </ul>
          <div class="actions">
            <button type="submit" class="primary" data-testid="popup-save" disabled={busy}>
              {t('saveAsHexo')}
            </button>
            <button type="button" data-testid="popup-copy" onClick={copy}>
              {t('copyMarkdown')}
            </button>
            <button type="button" data-testid="popup-reader" onClick={reader}>
              {t('readerMode')}
            </button>
          </div>
        </form>
      )}

      {selected.length > 1 && api.saveTabs && (
        <section class="tabs">
          <button type="button" class="primary" data-testid="popup-save-tabs" disabled={busy} onClick={saveSelected}>
            {t('saveSelectedTabs', selected.length)}
          </button>
          {tabResults.length > 0 && (
            <ul data-testid="popup-tab-results">
              {tabResults.map((r) => (
                <li data-tab={r.tabId} data-outcome={r.outcome} data-path={r.path ?? ''}>
                  {r.text}
                </li>
              ))}
            </ul>
          )}
        </section>
      )}

      {phase.kind === 'article' && blog === null && (
        <p class="hint" data-testid="popup-blog-hint">
          {api.blogSupported ? (
            <>
              {t('popupNoBlog')}{' '}
              <a href="#" data-testid="popup-blog-connect" onClick={(e) => { e.preventDefault(); api.openBlogSettings?.(); }}>
                {t('popupConnectBlog')}
              </a>
            </>
          ) : (
            t('popupBlogFirefox')
          )}
        </p>
      )}
      {phase.kind === 'article' && blog && (
        <p class="hint" data-testid="popup-blog" data-ready={String(blog.ready)}>
          {blog.ready ? t('popupBlogTarget', blog.title ?? blog.name) : t(`popupBlogNotReady_${blog.reason}`, blog.name)}
        </p>
      )}
      {phase.kind === 'article' && existing && <AlreadySaved existing={existing} busy={busy} testId="popup" onSave={(intent) => void save(intent)} />}

      <p class="status" data-testid="popup-status" data-kind={status?.kind ?? ''} role="status" aria-live="polite">
        {status?.text ?? ''}
      </p>
      {imageFailures.length > 0 && (
        <section class="image-failures">
          <p>{t('imageFailuresTitle')}</p>
          <ul data-testid="popup-image-failures">
            {imageFailures.map((f) => (
              <li data-src={f.src} data-code={f.code}>
                <code>{f.src}</code> {reasonText(f.code, f.params, t)}
              </li>
            ))}
          </ul>
        </section>
      )}
    </main>
  );
}
