/** The in-page reading view: the exact article a save writes, with its typography controls. */
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { Removal } from '../utils/core/types';
import { removedItem, removedSummary } from '../utils/i18n';
import type { ReaderSettings, ReaderTheme } from '../utils/settings/schema';
import { checkField } from '../utils/settings/validate';
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
}

export interface ReaderProps {
  article: ReaderArticle;
  settings: ReaderSettings;
  prefersDark: boolean;
  onSettings(next: ReaderSettings): void;
  onSave(): Promise<{ ok: boolean; message: string }>;
  onClose(): void;
  /** Called once the body is in the DOM (the open-time measurement ends here). */
  onRendered?(): void;
}

export function resolveTheme(theme: ReaderTheme, prefersDark: boolean): 'light' | 'sepia' | 'dark' {
  return theme === 'system' ? (prefersDark ? 'dark' : 'light') : theme;
}

const THEMES: ReaderTheme[] = ['system', 'light', 'sepia', 'dark'];

export function Reader({ article, settings: initial, prefersDark, onSettings, onSave, onClose, onRendered }: ReaderProps) {
  const t = useT();
  const [settings, setSettings] = useState(initial);
  // Settings changed elsewhere (the options page, the reader in another tab) replace ours.
  useEffect(() => setSettings(initial), [initial]);
  const [showRemoved, setShowRemoved] = useState(false);
  const [status, setStatus] = useState<{ kind: 'info' | 'error'; text: string } | null>(null);
  const [saving, setSaving] = useState(false);
  const body = useRef<HTMLDivElement>(null);
  const root = useRef<HTMLDivElement>(null);

  useLayoutEffect(() => {
    body.current?.replaceChildren(article.content.cloneNode(true));
  }, [article.content]);

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

  const save = async () => {
    setSaving(true);
    setStatus(null);
    try {
      const result = await onSave();
      setStatus({ kind: result.ok ? 'info' : 'error', text: result.message });
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
            {THEMES.map((th) => (
              <option value={th}>{t(`theme_${th}`)}</option>
            ))}
          </select>
        </label>
        <label>
          {t('readerFont')}
          <select data-testid="reader-font" value={settings.font} onChange={(e) => change('font', e.currentTarget.value as ReaderSettings['font'])}>
            <option value="serif">{t('font_serif')}</option>
            <option value="sans">{t('font_sans')}</option>
          </select>
        </label>
        <label>
          {t('readerFontSize')}
          <input data-testid="reader-font-size" type="number" min={12} max={32} step={1} value={settings.fontSize} onChange={(e) => change('fontSize', Number(e.currentTarget.value))} />
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
        <button class="primary" data-testid="reader-save" disabled={saving} onClick={save}>
          {t('saveAsHexo')}
        </button>
        <button data-testid="reader-close" title={t('readerCloseHint')} onClick={onClose}>
          {t('readerClose')}
        </button>
      </div>
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
          {showRemoved && (
            <ul data-testid="reader-removed-list">
              {article.removed.map((r) => (
                <li>{removedItem(r, t)}</li>
              ))}
            </ul>
          )}
        </div>
        <div class="body" data-testid="reader-body" ref={body} />
      </article>
    </div>
  );
}
