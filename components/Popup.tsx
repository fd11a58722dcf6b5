/**
 * The toolbar popup: what a save will write, editable where it matters, and the three actions.
 * Everything browser-side comes in through `api`, so the view is tested with plain functions.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { checkOverrides } from '../utils/clip-page';
import type { ImageFailure } from '../utils/core/assets';
import { imageFailureText } from '../utils/i18n';
import type { ClipOverrides, ClipResponse, ClipSuccess, Failure, SaveResponse, TabInfo } from '../utils/messages';
import { categoriesToText, listToText, textToCategories, textToList } from '../utils/settings/edit';
import type { ImageMode } from '../utils/settings/schema';
import { useT } from './i18n';

export interface PopupApi {
  tabInfo(): Promise<TabInfo | Failure>;
  clip(overrides?: ClipOverrides): Promise<ClipResponse>;
  /** `images`: this save's choice, which starts as the setting. */
  save(overrides: ClipOverrides, images: ImageMode): Promise<SaveResponse>;
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

const IMAGE_MODES: ImageMode[] = ['remote', 'local', 'zip'];

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

  const errorText = (f: Failure) => t(`error_${f.error.replace(/-/g, '_')}`);

  const show = (response: ClipResponse, fillForm: boolean) => {
    if (response.ok) {
      latest.current = response.post;
      setPhase({ kind: 'article', result: response });
      if (fillForm) setForm({ title: response.title, tags: listToText(response.tags), categories: categoriesToText(response.categories, ';') });
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
    const problem = checkOverrides(overrides);
    setInvalid(problem);
    if (problem) return;
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
    setImageMode(mode);
    setStatus(null);
    if (mode !== 'remote') void askImageAccess();
  };

  const save = async () => {
    const overrides = overridesOf(form);
    const problem = checkOverrides(overrides);
    if (problem) {
      setInvalid(problem);
      setStatus({ kind: 'error', text: t('error_invalid_overrides') });
      return;
    }
    // Before any other await, while the click still counts as a gesture; granted already, nothing is shown.
    if (imageMode !== 'remote' && !(await askImageAccess())) return;
    setBusy(true);
    setImageFailures([]);
    setStatus({ kind: 'info', text: t('saving') });
    try {
      await pending.current;
      const result = await api.save(overrides, imageMode);
      // The form stays as typed either way: a failed save must not cost the user their edits.
      if (!result.ok) {
        setStatus({ kind: 'error', text: errorText(result) });
      } else if (!result.images) {
        setStatus({ kind: 'success', text: t('savedAs', result.filename) });
      } else {
        const failed = result.images.failures;
        setImageFailures(failed);
        setStatus(
          failed.length
            ? { kind: 'info', text: t('savedImagesFailed', [result.filename, failed.length]) }
            : { kind: 'success', text: t('savedWithImages', [result.filename, result.images.saved]) },
        );
      }
    } catch (e) {
      setStatus({ kind: 'error', text: t('error_unknown') });
      console.error(e);
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
                <option value={m}>{t(`imageMode_${m}`)}</option>
              ))}
            </select>
          </label>
          {invalid && <p class="error" data-testid="popup-invalid">{invalid}</p>}
          <p class="filename">
            {t('fieldFilename')} <code data-testid="popup-filename">{phase.result.filename}</code>
          </p>
          {(phase.result.restored?.length ?? 0) > 0 && (
            <p class="restored" data-testid="popup-restored">
              {t('popupRestored', phase.result.restored?.length ?? 0)}
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

      <p class="status" data-testid="popup-status" data-kind={status?.kind ?? ''} role="status" aria-live="polite">
        {status?.text ?? ''}
      </p>
      {imageFailures.length > 0 && (
        <section class="image-failures">
          <p>{t('imageFailuresTitle')}</p>
          <ul data-testid="popup-image-failures">
            {imageFailures.map((f) => (
              <li data-src={f.src} data-reason={f.reason}>
                <code>{f.src}</code> {imageFailureText(f.reason, t)}
              </li>
            ))}
          </ul>
        </section>
      )}
    </main>
  );
}
