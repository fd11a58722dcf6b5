/** The in-page reading view: the exact article a save writes, with its typography controls. */
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { Removal } from '../utils/core/types';
import type { SavedPost } from '../utils/messages';
import { removedItem, removedSummary } from '../utils/i18n';
import { choiceLabel } from '../utils/settings/reasons';
import { CHOICES, numberRange, type ReaderSettings, type ReaderTheme } from '../utils/settings/schema';
import { checkField } from '../utils/settings/validate';
import { AlreadySaved } from './AlreadySaved';
import { useT } from './i18n';

export interface ReaderArticle {
  title: string;
  siteLabel: string;
  source?: string;
  /** Already formatted for the user's time zone. */
  time?: string;
  author?: string;
  /** Sanitized body; the reader shows a copy and never hands it to innerHTML. */
  content: Element;
  removed: Removal[];
  /** Ids of removals already put back (the page keeps them while the reader is open). */
  restored?: string[];
}

/** The body with some removals put back, and which ones came back (those asked, and their containers). */
export interface RestoredView {
  content: Element;
  restored: string[];
}

export interface ReaderProps {
  article: ReaderArticle;
  settings: ReaderSettings;
  prefersDark: boolean;
  onSettings(next: ReaderSettings): void;
  /** `intent`: update the post the blog already holds, or save the article as a new one. */
  onSave(intent?: 'update' | 'new'): Promise<{ ok: boolean; message: string; existing?: SavedPost | null }>;
  /** Where the connected blog already holds this article, if it does (asked once, on opening). */
  savedInBlog?(): Promise<SavedPost | null>;
  onClose(): void;
  /** Called once the body is in the DOM (the open-time measurement ends here). */
  onRendered?(): void;
  /** Rebuilds the body with exactly these removals put back (恢复, 全部恢复, 撤销); the next save includes them. */
  onRestore?(ids: string[]): RestoredView | null;
  /** 以后保留类似内容: stores an exception for this removal's text on this site. */
  onKeep?(removal: Removal): Promise<boolean>;
}

/** Only web images become thumbnails; anything else is named, never loaded. */
const THUMBNAIL_URL = /^(https?:|data:image\/(png|gif|jpe?g|webp);)/i;

/**
 * A copy of the body for the page's document. A restored tracking image becomes a placeholder
 * before the copy reaches the page, so the reader never requests it (the post keeps its link).
 */
function displayCopy(content: Element, hidden: Set<string>, label: string, into: Document): Node {
  const copy = content.cloneNode(true) as Element;
  if (hidden.size) {
    for (const img of Array.from(copy.querySelectorAll('img'))) {
      if (!hidden.has(img.getAttribute('src') ?? '')) continue;
      const placeholder = copy.ownerDocument.createElement('span');
      placeholder.className = 'restored-placeholder';
      placeholder.textContent = label;
      img.replaceWith(placeholder);
    }
  }
  return into.importNode(copy, true);
}

export function resolveTheme(theme: ReaderTheme, prefersDark: boolean): 'light' | 'sepia' | 'dark' {
  return theme === 'system' ? (prefersDark ? 'dark' : 'light') : theme;
}

const FONT_SIZE = numberRange('reader.fontSize');

export function Reader({ article, settings: initial, prefersDark, onSettings, onSave, onClose, onRendered, onRestore, onKeep, savedInBlog }: ReaderProps) {
  const t = useT();
  const [settings, setSettings] = useState(initial);
  // Settings changed elsewhere (the options page, the reader in another tab) replace ours.
  useEffect(() => setSettings(initial), [initial]);
  const [showRemoved, setShowRemoved] = useState(false);
  const [status, setStatus] = useState<{ kind: 'info' | 'error'; text: string } | null>(null);
  const [saving, setSaving] = useState(false);
  const [existing, setExisting] = useState<SavedPost | null>(null);
  useEffect(() => {
    let live = true;
    savedInBlog?.().then(
      (found) => live && setExisting(found),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  const body = useRef<HTMLDivElement>(null);
  const root = useRef<HTMLDivElement>(null);
  const initialView = (): RestoredView => ({ content: article.content, restored: article.restored ?? [] });
  const [view, setView] = useState<RestoredView>(initialView);
  /** What the user asked for, in order; `view.restored` adds the containers that came with it. */
  const [requested, setRequested] = useState<string[]>(article.restored ?? []);
  const [history, setHistory] = useState<string[][]>([]);
  const [kept, setKept] = useState<Set<Removal>>(new Set());
  // A new extraction (the options page changed a rule, an exception was added) starts over.
  useEffect(() => {
    setView(initialView());
    setRequested(article.restored ?? []);
    setHistory([]);
  }, [article.content]);

  const restoredSet = new Set(view.restored);
  const trackingSrcs = new Set(article.removed.filter((r) => r.id && r.src && restoredSet.has(r.id) && r.code === 'tracking-image').map((r) => r.src as string));
  useLayoutEffect(() => {
    const el = body.current;
    if (el) el.replaceChildren(displayCopy(view.content, trackingSrcs, t('trackingPlaceholder'), el.ownerDocument));
  }, [view.content]);

  const apply = (ids: string[], remember: boolean) => {
    const next = onRestore?.(ids);
    if (!next) return;
    if (remember) setHistory([...history, requested]);
    setRequested(ids);
    setView(next);
  };
  const restorable = article.removed.filter((r) => r.id).map((r) => r.id as string);
  const restoreOne = (id: string) => apply([...requested, id], true);
  const restoreAll = () => apply(restorable, true);
  const undo = () => {
    const previous = history[history.length - 1];
    if (!previous) return;
    setHistory(history.slice(0, -1));
    apply(previous, false);
  };
  const keep = async (r: Removal) => {
    if (!onKeep) return;
    if (await onKeep(r)) setKept(new Set([...kept, r]));
    else setStatus({ kind: 'error', text: t('keepFailed') });
  };

  useEffect(() => {
    root.current?.focus({ preventScroll: true });
    onRendered?.();
  }, []);

  /** Applies at once; a value the schema refuses (font size 100) is ignored rather than stored. */
  const change = <K extends keyof ReaderSettings>(key: K, value: ReaderSettings[K]) => {
    if (checkField(`reader.${key}`, value)) return;
    const next = { ...settings, [key]: value };
    setSettings(next);
    onSettings(next);
  };

  const save = async (intent?: 'update' | 'new') => {
    setSaving(true);
    setStatus(null);
    try {
      const result = await onSave(intent);
      setStatus({ kind: result.ok ? 'info' : 'error', text: result.message });
      if (result.existing !== undefined) setExisting(result.existing);
    } finally {
      setSaving(false);
    }
  };

  const theme = resolveTheme(settings.theme, prefersDark);
  const meta = [article.source, article.time].filter(Boolean).join('  ');

  return (
    <div
      ref={root}
      class="reader"
      data-testid="reader"
      data-theme={theme}
      data-font={settings.font}
      data-indent={String(settings.indent)}
      tabIndex={-1}
      role="dialog"
      aria-modal="true"
      aria-label={article.title}
      style={{ fontSize: `${settings.fontSize}px`, '--line-height': String(settings.lineHeight), '--width': `${settings.width}px` }}
    >
      <div class="toolbar" role="toolbar">
        <label>
          {t('readerTheme')}
          <select data-testid="reader-theme" value={settings.theme} onChange={(e) => change('theme', e.currentTarget.value as ReaderTheme)}>
            {CHOICES['reader.theme']?.values.map((th) => (
              <option value={th}>{choiceLabel('reader.theme', th, t)}</option>
            ))}
          </select>
        </label>
        <label>
          {t('readerFont')}
          <select data-testid="reader-font" value={settings.font} onChange={(e) => change('font', e.currentTarget.value as ReaderSettings['font'])}>
            {CHOICES['reader.font']?.values.map((f) => (
              <option value={f}>{choiceLabel('reader.font', f, t)}</option>
            ))}
          </select>
        </label>
        <label>
          {t('readerFontSize')}
          <input data-testid="reader-font-size" type="number" min={FONT_SIZE.min} max={FONT_SIZE.max} step={1} value={settings.fontSize} onChange={(e) => change('fontSize', Number(e.currentTarget.value))} />
        </label>
        <label>
          {t('readerLineHeight')}
          <input data-testid="reader-line-height" type="number" min={1.2} max={2.4} step={0.1} value={settings.lineHeight} onChange={(e) => change('lineHeight', Number(e.currentTarget.value))} />
        </label>
        <label>
          {t('readerWidth')}
          <input data-testid="reader-width" type="number" min={480} max={1200} step={20} value={settings.width} onChange={(e) => change('width', Number(e.currentTarget.value))} />
        </label>
        <label>
          <input data-testid="reader-indent" type="checkbox" checked={settings.indent} onChange={(e) => change('indent', e.currentTarget.checked)} />
          {t('readerIndent')}
        </label>
        <span class="spacer" />
        {status && (
          <span class="status" data-testid="reader-status" data-kind={status.kind} role="status">
            {status.text}
          </span>
        )}
        <button class="primary" data-testid="reader-save" disabled={saving} onClick={() => void save()}>
          {t('saveAsHexo')}
        </button>
        <button data-testid="reader-close" title={t('readerCloseHint')} onClick={onClose}>
          {t('readerClose')}
        </button>
      </div>
      {existing && <AlreadySaved existing={existing} busy={saving} testId="reader" onSave={(intent) => void save(intent)} />}
      <article class="page">
        <div class="site" data-testid="reader-site">
          {article.siteLabel}
        </div>
        <h1 class="title" data-testid="reader-title">
          {article.title}
        </h1>
        <div class="meta" data-testid="reader-meta">
          {meta && <span>{meta}</span>}
          {article.author && <span data-testid="reader-byline">{t('byline', article.author)}</span>}
        </div>
        <div class="removed">
          <span data-testid="reader-removed">{removedSummary(article.removed, t)}</span>{' '}
          {article.removed.length > 0 && (
            <button data-testid="reader-removed-toggle" aria-expanded={showRemoved} onClick={() => setShowRemoved(!showRemoved)}>
              {showRemoved ? t('removedHide') : t('removedShow')}
            </button>
          )}
          {showRemoved && onRestore && restorable.length > 0 && (
            <span class="restore-actions">
              <button data-testid="reader-restore-all" disabled={restorable.every((id) => restoredSet.has(id))} onClick={restoreAll}>
                {t('restoreAll')}
              </button>
              {history.length > 0 && (
                <button data-testid="reader-restore-undo" onClick={undo}>
                  {t('restoreUndo')}
                </button>
              )}
            </span>
          )}
          {showRemoved && (
            <ul data-testid="reader-removed-list">
              {article.removed.map((r) => {
                const isRestored = !!r.id && restoredSet.has(r.id);
                const tracking = r.code === 'tracking-image';
                return (
                  <li data-testid="reader-removed-item" data-restored={String(isRestored)}>
                    {r.src && tracking && <span class="thumb placeholder">{t('trackingPlaceholder')}</span>}
                    {r.src && !tracking && THUMBNAIL_URL.test(r.src) && <img class="thumb" src={r.src} alt="" referrerpolicy="no-referrer" loading="lazy" />}
                    <span class="what">{removedItem(r, t)}</span>
                    {r.id && onRestore && !isRestored && (
                      <button data-testid="reader-restore" onClick={() => restoreOne(r.id as string)}>
                        {t('restore')}
                      </button>
                    )}
                    {isRestored && <span class="restored-note">{t('restoredNote')}</span>}
                    {r.id && onKeep && (r.text || r.src) && (
                      <button data-testid="reader-keep" disabled={kept.has(r)} onClick={() => void keep(r)}>
                        {kept.has(r) ? t('keptNote') : t('keepSimilar')}
                      </button>
                    )}
                    {!r.id && onRestore && <span class="not-restorable">{t('notRestorable')}</span>}
                  </li>
                );
              })}
            </ul>
          )}
        </div>
        <div class="body" data-testid="reader-body" ref={body} />
      </article>
    </div>
  );
}
