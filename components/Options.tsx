/**
 * The options page: every setting, grouped, checked with the schema's own `checkField` as it is
 * changed. A valid value is stored at once; an invalid one is named, kept in its box, and not stored.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { formatFilename } from '../utils/core/filename';
import type { Removal } from '../utils/core/types';
import { pathKey, removedSummary } from '../utils/i18n';
import {
  applyPreset,
  categoriesToText,
  coverPresetOf,
  getSetting,
  listToText,
  SETTING_GROUPS,
  textToCategories,
  textToList,
  withSetting,
} from '../utils/settings/edit';
import { choiceLabel, issueText, repairedText } from '../utils/settings/reasons';
import { CHOICES, COVER_FIELD_PRESETS, DEFAULT_SETTINGS, type PresetName, type Settings } from '../utils/settings/schema';
import { checkField, resolveSettings, SettingsError } from '../utils/settings/validate';
import { SITE_RULES } from '../utils/sites';
import { useT } from './i18n';

export interface OptionsProps {
  initial: Settings;
  /** Paths the store held invalid values for, now defaults. */
  repaired: string[];
  save(settings: Settings): Promise<void>;
  /** The post the bundled sample article becomes under these settings, and what the cleaning took out of it. */
  preview(settings: Settings): Promise<string | { text: string; removed: Removal[] }>;
  /** Hands the export JSON to the browser (a download). */
  exportJson(json: string): void;
  /**
   * Asks for the image hosts when local or zip saving is picked (a user gesture). Refused: the
   * choice is not stored. Absent: nothing to ask (tests of other fields).
   */
  requestImageAccess?(): Promise<boolean>;
  /** The 博客 section's connection part (`BlogSection`), shown above the blog settings. */
  blog?: ComponentChildren;
  lang: 'zh' | 'en';
}

const CHECKBOXES = new Set(['comments', 'sourceFields', 'images.noReferrer', 'reader.indent', 'reader.prepare', 'autoReader', 'download.saveAs']);
const NUMBERS: Record<string, number> = { 'reader.fontSize': 1, 'reader.lineHeight': 0.1, 'reader.width': 20, 'images.maxImageKB': 1, 'images.maxArticleKB': 1 };
const COMMA_LISTS = new Set(['tags', 'coverFields']);
const TIMEZONES = ['Asia/Shanghai', 'Asia/Hong_Kong', 'Asia/Taipei', 'Asia/Tokyo', 'UTC', 'Europe/London', 'America/New_York', 'America/Los_Angeles'];

/** How a value shows in its text box. */
function toText(path: string, value: unknown): string {
  if (path === 'categories') return categoriesToText(value as Settings['categories']);
  if (path === 'promoPatterns') return (value as string[]).join('\n');
  if (COMMA_LISTS.has(path)) return listToText(value as string[]);
  return String(value ?? '');
}

/** The value a text box means; validation decides whether it is acceptable. */
function fromText(path: string, text: string): unknown {
  if (path === 'categories') return textToCategories(text);
  if (path === 'promoPatterns') return text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  if (COMMA_LISTS.has(path)) return textToList(text);
  if (path in NUMBERS) return text.trim() === '' ? NaN : Number(text);
  return text;
}

const SAMPLE_DATE = new Date('2021-07-27T07:58:10Z');

export function Options({ initial, repaired, save, preview, exportJson, requestImageAccess, blog, lang }: OptionsProps) {
  const t = useT();
  const [settings, setSettings] = useState(initial);
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<{ kind: 'success' | 'error'; text: string } | null>(
    repaired.length ? { kind: 'error', text: t('repairedNotice', repairedText(repaired, t)) } : null,
  );
  const [sample, setSample] = useState('');
  const [sampleRemoved, setSampleRemoved] = useState<Removal[] | null>(null);

  useEffect(() => {
    let live = true;
    preview(settings).then(
      (result) => {
        if (!live) return;
        setSample(typeof result === 'string' ? result : result.text);
        setSampleRemoved(typeof result === 'string' ? null : result.removed);
      },
      (e: unknown) => live && setSample(`${t('previewFailed')}: ${(e as Error).message}`),
    );
    return () => {
      live = false;
    };
  }, [settings]);

  const persist = async (next: Settings, message?: string) => {
    const before = settings;
    setSettings(next);
    try {
      await save(next);
      if (message) setStatus({ kind: 'success', text: message });
    } catch (e) {
      setSettings(before);
      setStatus({ kind: 'error', text: `${t('error_storage')} (${(e as Error).message})` });
    }
  };

  /** Validates one field; stores it when valid. */
  const commit = (path: string, value: unknown) => {
    const issue = checkField(path, value);
    if (issue) {
      setErrors({ ...errors, [path]: issueText(issue, t) });
      return;
    }
    const { [path]: _e, ...restErrors } = errors;
    const { [path]: _d, ...restDrafts } = drafts;
    setErrors(restErrors);
    setDrafts(restDrafts);
    const next = path === 'preset' ? applyPreset(settings, value as PresetName) : withSetting(settings, path, value);
    void persist(next);
  };

  /** Local and zip saving need the image hosts: asked here, inside the change event, while it counts as a user gesture. */
  const chooseImageMode = (value: string) => {
    if (value === 'remote' || !requestImageAccess) return commit('images.mode', value);
    requestImageAccess().then(
      (granted) => {
        if (granted) commit('images.mode', value);
        else setStatus({ kind: 'error', text: t('imagePermissionRefused') });
      },
      () => setStatus({ kind: 'error', text: t('imagePermissionRefused') }),
    );
  };

  const text = (path: string) => drafts[path] ?? toText(path, getSetting(settings, path));
  const onDraft = (path: string) => (e: Event) => setDrafts({ ...drafts, [path]: (e.currentTarget as HTMLInputElement).value });
  const onText = (path: string) => (e: Event) => {
    const raw = (e.currentTarget as HTMLInputElement).value;
    setDrafts({ ...drafts, [path]: raw });
    commit(path, fromText(path, raw));
  };

  const control = (path: string) => {
    const id = `opt-${path}`;
    const invalid = path in errors;
    const common = { id, 'data-testid': id, 'aria-invalid': invalid, 'aria-describedby': invalid ? `err-${path}` : undefined };
    const choices = CHOICES[path];
    if (choices) {
      return (
        <select
          {...common}
          value={String(getSetting(settings, path))}
          onChange={(e) => (path === 'images.mode' ? chooseImageMode(e.currentTarget.value) : commit(path, e.currentTarget.value))}
        >
          {choices.values.map((v) => (
            <option value={v}>{choiceLabel(path, v, t)}</option>
          ))}
        </select>
      );
    }
    if (CHECKBOXES.has(path)) {
      return <input {...common} type="checkbox" checked={Boolean(getSetting(settings, path))} onChange={(e) => commit(path, e.currentTarget.checked)} />;
    }
    if (path in NUMBERS) {
      return <input {...common} type="number" step={NUMBERS[path]} value={text(path)} onInput={onDraft(path)} onChange={onText(path)} />;
    }
    if (path === 'sites') {
      return (
        <fieldset {...common}>
          {SITE_RULES.map((rule) => (
            <label>
              <input
                type="checkbox"
                data-testid={`opt-sites-${rule.id}`}
                checked={settings.sites[rule.id] !== false}
                onChange={(e) => commit('sites', { ...settings.sites, [rule.id]: e.currentTarget.checked })}
              />
              {rule.label[lang]} <small>{rule.hosts.join(', ')}</small>
            </label>
          ))}
        </fieldset>
      );
    }
    if (path === 'exceptions') {
      // Added from the reader (以后保留类似内容); here they are seen and removed, not typed.
      const list = settings.exceptions;
      if (!list.length) return <p {...common} class="hint">{t('exceptionsEmpty')}</p>;
      return (
        <ul {...common} class="exceptions">
          {list.map((e, i) => (
            <li data-testid="opt-exception">
              <code>{e.site}</code> <span class="exception-text">{e.text}</span>{' '}
              <button type="button" data-testid="opt-exception-remove" onClick={() => commit('exceptions', list.filter((_, j) => j !== i))}>
                {t('exceptionRemove')}
              </button>
            </li>
          ))}
        </ul>
      );
    }
    if (path === 'categories' || path === 'promoPatterns') {
      return <textarea {...common} rows={3} value={text(path)} onInput={onDraft(path)} onChange={onText(path)} />;
    }
    return (
      <input
        {...common}
        type="text"
        list={path === 'timezone' ? 'timezones' : undefined}
        value={text(path)}
        onInput={onDraft(path)}
        onChange={onText(path)}
      />
    );
  };

  const filenameExample = () => {
    const pattern = text('filenamePattern');
    if (checkField('filenamePattern', pattern)) return '—';
    return formatFilename(pattern, { title: t('sampleTitle'), date: SAMPLE_DATE, timeZone: settings.timezone, site: 'qutoutiao', id: '1840579423' });
  };

  const onImport = async (e: Event) => {
    const input = e.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    try {
      const imported = resolveSettings(JSON.parse(await file.text()) as unknown);
      setDrafts({});
      setErrors({});
      await persist(imported, t('imported', file.name));
    } catch (err) {
      const detail = err instanceof SettingsError ? err.issues.map((i) => `${i.path}: ${issueText(i, t)}`).join('; ') : (err as Error).message;
      setStatus({ kind: 'error', text: t('importFailed', detail) });
    } finally {
      input.value = '';
    }
  };

  const reset = () => {
    setDrafts({});
    setErrors({});
    void persist(JSON.parse(JSON.stringify(DEFAULT_SETTINGS)) as Settings, t('resetDone'));
  };

  const subfolder = settings.download.subfolder;
  return (
    <main class="options" lang={lang === 'zh' ? 'zh-CN' : 'en'}>
      <h1>{t('optionsTitle')}</h1>
      <p class="status" data-testid="opt-status" data-kind={status?.kind ?? ''} role="status" aria-live="polite">
        {status?.text ?? ''}
      </p>
      <datalist id="timezones">
        {TIMEZONES.map((z) => (
          <option value={z} />
        ))}
      </datalist>
      {SETTING_GROUPS.map((group) => (
        <section class="group" data-group={group.id} id={group.id}>
          <h2>{t(`group_${group.id}`)}</h2>
          {(group.id as string) === 'blog' && blog}
          {group.paths.map((path) => (
            <div class="field" data-path={path}>
              <label for={`opt-${path}`}>{t(`opt_${pathKey(path)}`)}</label>
              <div class="control">
                {control(path)}
                {path === 'coverFields' && (
                  <select
                    data-testid="opt-coverPreset"
                    aria-label={t('coverPreset')}
                    value={coverPresetOf(settings.coverFields)}
                    onChange={(e) => {
                      const fields = COVER_FIELD_PRESETS[e.currentTarget.value];
                      if (fields) commit('coverFields', fields);
                    }}
                  >
                    {[...Object.keys(COVER_FIELD_PRESETS), 'custom'].map((name) => (
                      <option value={name} disabled={name === 'custom'}>
                        {t(`cover_${name}`)}
                      </option>
                    ))}
                  </select>
                )}
              </div>
              {errors[path] && (
                <p class="error" id={`err-${path}`} data-testid={`err-${path}`} role="alert">
                  {errors[path]}
                </p>
              )}
              {path === 'filenamePattern' && (
                <p class="hint">
                  {t('filenameExample')}{' '}
                  <code data-testid="opt-filename-example">{[subfolder, filenameExample()].filter(Boolean).join('/')}</code>
                </p>
              )}
              {['dateStyle', 'timezone', 'promoPatterns', 'exceptions', 'categories', 'filenamePattern', 'images.mode', 'images.assetStyle'].includes(path) && (
                <p class="hint">{t(`help_${pathKey(path)}`)}</p>
              )}
              {path === 'dateStyle' && settings.dateStyle === 'rfc1123' && settings.timezone !== 'UTC' && (
                <p class="warning" data-testid="opt-timezone-note">
                  {t('timezoneWarning', settings.timezone)}
                </p>
              )}
            </div>
          ))}
        </section>
      ))}
      {blog && !SETTING_GROUPS.some((g) => (g.id as string) === 'blog') && (
        <section class="group" data-group="blog" id="blog">
          <h2>{t('group_blog')}</h2>
          {blog}
        </section>
      )}
      <section class="group" data-group="manage">
        <h2>{t('group_manage')}</h2>
        <div class="actions">
          <button data-testid="opt-export" onClick={() => exportJson(`${JSON.stringify(settings, null, 2)}\n`)}>
            {t('exportSettings')}
          </button>
          <label class="button">
            {t('importSettings')}
            <input data-testid="opt-import" type="file" accept=".json,application/json" onChange={onImport} />
          </label>
          <button data-testid="opt-reset" onClick={reset}>
            {t('resetSettings')}
          </button>
        </div>
        <p class="hint">{t('exportHint')}</p>
      </section>
      <section class="group" data-group="preview">
        <h2>{t('group_preview')}</h2>
        {sampleRemoved && <p class="hint" data-testid="opt-preview-removed">{removedSummary(sampleRemoved, t)}</p>}
        <pre data-testid="opt-preview">{sample}</pre>
      </section>
    </main>
  );
}
