/**
 * The selects the user sees are the schema's: the options page, the popup and the reader list
 * exactly CHOICES, in order, under the locale's labels, and a refused value is worded in the
 * user's language. Adding a value to a select in schema.ts shows up here with no other edit.
 */
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { I18n } from '../../components/i18n';
import { Options } from '../../components/Options';
import { Popup, type PopupApi } from '../../components/Popup';
import { Reader } from '../../components/Reader';
import { handleMessage } from '../../utils/extension/background';
import type { Translate } from '../../utils/i18n';
import { EDITABLE_PATHS } from '../../utils/settings/edit';
import { CHOICES, choiceLabelKey, DEFAULT_SETTINGS } from '../../utils/settings/schema';
import { storeSettings } from '../../utils/extension/settings-storage';
import { clipSuccess, enT, getMessageZh, zhT } from './helpers';

afterEach(cleanup);

function options(select: HTMLElement) {
  return Array.from((select as HTMLSelectElement).options).map((o) => [o.value, o.textContent]);
}

const expected = (path: string, t: Translate) => (CHOICES[path]?.values ?? []).map((v) => [v, t(choiceLabelKey(path, v))]);

function showOptions(t: Translate, repaired: string[] = []) {
  render(
    <I18n.Provider value={t}>
      <Options initial={DEFAULT_SETTINGS} repaired={repaired} save={async () => undefined} preview={async () => ''} exportJson={() => undefined} lang={t === enT ? 'en' : 'zh'} />
    </I18n.Provider>,
  );
}

describe('the options page', () => {
  it.each([
    ['zh_CN', zhT],
    ['en', enT],
  ])('renders exactly the schema’s values for each select, with %s labels', (_name, t) => {
    showOptions(t);
    const selects = Array.from(document.querySelectorAll('select')).filter((s) => s.dataset.testid !== 'opt-coverPreset');
    expect(selects.map((s) => s.dataset.testid?.replace(/^opt-/, '')).sort()).toEqual(Object.keys(CHOICES).sort());
    for (const path of Object.keys(CHOICES)) {
      expect(EDITABLE_PATHS).toContain(path);
      const labels = options(screen.getByTestId(`opt-${path}`));
      expect(labels, path).toEqual(expected(path, t));
      for (const [value, label] of labels) expect(label, `${path} = ${value}`).not.toBe(choiceLabelKey(path, value as string));
    }
  });

  it('words a refused select value with the select’s own labels', async () => {
    showOptions(zhT);
    const bad = new File([JSON.stringify({ dateStyle: 'iso', colour: 'red' })], 'bad.json');
    fireEvent.change(screen.getByTestId('opt-import'), { target: { files: [bad] } });
    await waitFor(() => expect(screen.getByTestId('opt-status').textContent).toContain('导入失败'));
    const status = screen.getByTestId('opt-status').textContent ?? '';
    expect(status).toContain('dateStyle: 请选择其中之一：本地时间 YYYY-MM-DD HH:mm:ss、RFC 1123（GMT）。');
    expect(status).toContain('colour: 没有这个设置项');
  });

  it('names a repaired field by its label', () => {
    showOptions(zhT, ['reader.theme']);
    expect(screen.getByTestId('opt-status').textContent).toContain('阅读主题 (reader.theme)');
  });
});

describe('the reader', () => {
  it('lists the schema’s themes and fonts', () => {
    render(
      <I18n.Provider value={zhT}>
        <Reader
          article={{ title: 't', siteLabel: 's', content: document.createElement('div'), removed: [] }}
          settings={DEFAULT_SETTINGS.reader}
          prefersDark={false}
          onSettings={() => undefined}
          onSave={async () => ({ ok: true, message: '' })}
          onClose={() => undefined}
        />
      </I18n.Provider>,
    );
    expect(options(screen.getByTestId('reader-theme'))).toEqual(expected('reader.theme', zhT));
    expect(options(screen.getByTestId('reader-font'))).toEqual(expected('reader.font', zhT));
  });
});

const ARTICLE = clipSuccess({ title: '标题', published: null, source: null, filename: '标题.md', post: '---\ntitle: 标题\n---\n' });

function showPopup(imageMode?: 'remote' | 'local' | 'zip') {
  const api: PopupApi = {
    tabInfo: vi.fn(async () => ({ ok: true as const, tabId: 5, site: 'qutoutiao', siteLabel: { zh: '趣头条', en: 'Qutoutiao' }, url: null, ...(imageMode ? { imageMode } : {}) })),
    clip: vi.fn(async () => ARTICLE),
    save: vi.fn(async () => ({ ok: true as const, downloadId: 1, filename: 'a.md' })),
    requestImageAccess: vi.fn(async () => true),
    copy: vi.fn(async () => undefined),
    openReader: vi.fn(async () => ({ ok: true as const })),
  };
  render(
    <I18n.Provider value={zhT}>
      <Popup api={api} lang="zh" />
    </I18n.Provider>,
  );
  return api;
}

describe('the popup', () => {
  it('lists the schema’s image modes and starts from the stored one the background sends', async () => {
    showPopup('zip');
    const select = await screen.findByTestId('popup-images');
    expect(options(select)).toEqual(expected('images.mode', zhT));
    await waitFor(() => expect((select as HTMLSelectElement).value).toBe('zip'));
  });

  it('says why a tag list is refused in the user’s language', async () => {
    const api = showPopup();
    fireEvent.change(await screen.findByTestId('popup-tags'), { target: { value: 'x'.repeat(101) } });
    expect(screen.getByTestId('popup-invalid').textContent).toBe(zhT('expect_tags'));
    expect(api.clip).toHaveBeenCalledOnce();
  });
});

describe('the background', () => {
  beforeEach(() => {
    fakeBrowser.reset();
    vi.spyOn(fakeBrowser.i18n, 'getMessage').mockImplementation(getMessageZh as never);
  });
  afterEach(() => vi.restoreAllMocks());

  it('sends the stored image mode with tab-info, and checks a save’s mode by the schema', async () => {
    await storeSettings({ ...DEFAULT_SETTINGS, images: { ...DEFAULT_SETTINGS.images, mode: 'local' } });
    const tab = await fakeBrowser.tabs.create({ url: 'https://example.org/' });
    expect(await handleMessage({ type: 'tab-info', tabId: tab.id! }, {})).toMatchObject({ ok: true, imageMode: 'local' });
    expect(await handleMessage({ type: 'save', tabId: tab.id!, images: 'inline' as never }, {})).toMatchObject({
      ok: false,
      error: 'invalid-overrides',
      message: 'images: expected one of "remote", "local", "zip", got "inline"',
    });
  });
});
