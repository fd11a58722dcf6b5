import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { I18n } from '../../components/i18n';
import { Options } from '../../components/Options';
import { createSanitizer } from '../../utils/core/sanitize';
import type { Removal } from '../../utils/core/types';
import { parsePage } from '../../utils/node/jsdom';
import { samplePost, SAMPLE_URL } from '../../utils/sample';
import { EDITABLE_PATHS } from '../../utils/settings/edit';
import { DEFAULT_SETTINGS, type Settings } from '../../utils/settings/schema';
import { presetDefaults, resolveSettings } from '../../utils/settings/validate';
import { root, zhT } from './helpers';

afterEach(cleanup);

function show(initial: Settings = DEFAULT_SETTINGS, repaired: string[] = []) {
  const save = vi.fn(async (_s: Settings) => undefined);
  const preview = vi.fn(async (s: Settings) => `preview ${s.preset} ${s.filenamePattern}`);
  const exportJson = vi.fn();
  render(
    <I18n.Provider value={zhT}>
      <Options initial={initial} repaired={repaired} save={save} preview={preview} exportJson={exportJson} lang="zh" />
    </I18n.Provider>,
  );
  const lastSaved = () => save.mock.calls.at(-1)?.[0];
  return { save, preview, exportJson, lastSaved };
}

function setText(testId: string, value: string) {
  const el = screen.getByTestId(testId);
  fireEvent.input(el, { target: { value } });
  fireEvent.change(el, { target: { value } });
}

describe('options page', () => {
  it('has a control for every setting, in the five groups', () => {
    show();
    for (const path of EDITABLE_PATHS) expect(screen.getByTestId(`opt-${path}`), path).toBeTruthy();
    const groups = Array.from(document.querySelectorAll('section h2')).map((h) => h.textContent);
    expect(groups.slice(0, 5)).toEqual(['输出', '文件名', '图片', '阅读', '站点规则']);
  });

  it('an invalid filename pattern shows the reason and is not stored; a valid one is stored at once', async () => {
    const { save, lastSaved } = show();
    setText('opt-filenamePattern', ':title-:nope.md');
    expect(screen.getByTestId('err-filenamePattern').textContent).toContain('只能使用已知占位符');
    expect(screen.getByTestId('err-filenamePattern').textContent).toContain('unknown placeholder :nope');
    expect((screen.getByTestId('opt-filenamePattern') as HTMLInputElement).value).toBe(':title-:nope.md');
    expect(save).not.toHaveBeenCalled();

    setText('opt-filenamePattern', ':year-:month-:day-:title.md');
    expect(screen.queryByTestId('err-filenamePattern')).toBeNull();
    await waitFor(() => expect(lastSaved()?.filenamePattern).toBe(':year-:month-:day-:title.md'));
  });

  it('shows a live filename example, inside the download subfolder', () => {
    show();
    fireEvent.input(screen.getByTestId('opt-filenamePattern'), { target: { value: ':year/:month-:day-:title.md' } });
    expect(screen.getByTestId('opt-filename-example').textContent).toBe('hexo-clipper/2021/07-27-德州寒潮模式继续发威.md');
  });

  it('switching the preset applies its defaults and keeps the reading settings', async () => {
    const mine = { ...DEFAULT_SETTINGS, reader: { ...DEFAULT_SETTINGS.reader, fontSize: 22 } };
    const { lastSaved } = show(mine);
    fireEvent.change(screen.getByTestId('opt-preset'), { target: { value: 'archive' } });
    await waitFor(() => expect(lastSaved()?.preset).toBe('archive'));
    const archive = presetDefaults('archive');
    expect(lastSaved()).toMatchObject({ body: archive.body, dateStyle: 'rfc1123', categories: archive.categories, author: archive.author, comments: false });
    expect(lastSaved()?.reader.fontSize).toBe(22);
    // RFC 1123 on a non-UTC zone: the Hexo timezone note appears.
    expect(screen.getByTestId('opt-timezone-note').textContent).toContain('Asia/Shanghai');
  });

  it('reads categories one hierarchy per line with " / " between levels', async () => {
    const { lastSaved } = show();
    setText('opt-categories', '新媒体 / 趣头条 / 分类');
    await waitFor(() => expect(lastSaved()?.categories).toEqual(['新媒体', '趣头条', '分类']));
    setText('opt-categories', '新闻 / 山东\n天气');
    await waitFor(() => expect(lastSaved()?.categories).toEqual([['新闻', '山东'], ['天气']]));
    setText('opt-categories', '新闻 //山东');
    expect(screen.getByTestId('err-categories')).toBeTruthy();
  });

  it('refuses an out-of-range reader font size and a bad regular expression', () => {
    const { save } = show();
    setText('opt-reader.fontSize', '100');
    expect(screen.getByTestId('err-reader.fontSize').textContent).toContain('12 到 32');
    setText('opt-promoPatterns', '/[unclosed/');
    expect(screen.getByTestId('err-promoPatterns')).toBeTruthy();
    expect(save).not.toHaveBeenCalled();
  });

  it('switches a site rule off', async () => {
    const { lastSaved } = show();
    fireEvent.click(screen.getByTestId('opt-sites-qilu'));
    await waitFor(() => expect(lastSaved()?.sites).toEqual({ qutoutiao: true, qilu: false }));
  });

  it('exports JSON that resolveSettings (the CLI’s --settings) reads back unchanged', () => {
    const mine = { ...DEFAULT_SETTINGS, tags: ['新闻'], filenamePattern: ':id.md' };
    const { exportJson } = show(mine);
    fireEvent.click(screen.getByTestId('opt-export'));
    const json = exportJson.mock.calls[0]?.[0] as string;
    expect(resolveSettings(JSON.parse(json))).toEqual(mine);
  });

  it('imports a settings file through resolveSettings, and rejects a bad one without storing', async () => {
    const { save, lastSaved } = show();
    const input = screen.getByTestId('opt-import') as HTMLInputElement;
    const bad = new File([JSON.stringify({ preset: 'hexo', filenamePatern: ':title.md' })], 'bad.json');
    fireEvent.change(input, { target: { files: [bad] } });
    await waitFor(() => expect(screen.getByTestId('opt-status').textContent).toContain('导入失败'));
    expect(screen.getByTestId('opt-status').textContent).toContain('filenamePatern');
    expect(save).not.toHaveBeenCalled();

    const good = new File([JSON.stringify({ preset: 'archive', tags: ['a'] })], 'good.json');
    fireEvent.change(input, { target: { files: [good] } });
    await waitFor(() => expect(lastSaved()).toEqual(resolveSettings({ preset: 'archive', tags: ['a'] })));
  });

  it('resets to the defaults', async () => {
    const { lastSaved } = show({ ...DEFAULT_SETTINGS, author: '我' });
    fireEvent.click(screen.getByTestId('opt-reset'));
    await waitFor(() => expect(lastSaved()).toEqual(DEFAULT_SETTINGS));
    expect(screen.getByTestId('opt-status').textContent).toBe('已恢复默认设置');
  });

  it('says which stored values were repaired', () => {
    show(DEFAULT_SETTINGS, ['filenamePattern']);
    expect(screen.getByTestId('opt-status').textContent).toContain('filenamePattern');
  });

  it('previews the output and follows the settings', async () => {
    const { preview } = show();
    await waitFor(() => expect(screen.getByTestId('opt-preview').textContent).toBe('preview hexo :title.md'));
    fireEvent.change(screen.getByTestId('opt-preset'), { target: { value: 'archive' } });
    await waitFor(() => expect(screen.getByTestId('opt-preview').textContent).toBe('preview archive :title.md'));
    expect(preview).toHaveBeenCalledTimes(2);
  });

  it('says under the preview what the cleaning removed from the sample, in Chinese', async () => {
    const removed: Removal[] = [
      { step: 'promo', code: 'promo-footer', reason: 'qilu-footer', text: '找记者' },
      { step: 'tracking', code: 'tracking-image', params: { kind: 'pixel' }, reason: 'tracking image (1×1 pixel)', src: 'http://a/1.gif' },
      { step: 'tracking', code: 'tracking-image', params: { kind: 'beacon' }, reason: 'tracking image (beacon)', src: 'http://a/2.gif' },
    ];
    render(
      <I18n.Provider value={zhT}>
        <Options initial={DEFAULT_SETTINGS} repaired={[]} save={vi.fn(async () => undefined)} preview={async () => ({ text: '---', removed })} exportJson={() => undefined} lang="zh" />
      </I18n.Provider>,
    );
    await waitFor(() => expect(screen.getByTestId('opt-preview-removed').textContent).toBe('已移除：推广页脚 1 处、跟踪图片 2 张'));
    expect(screen.getByTestId('opt-preview').textContent).toBe('---');
  });

  it('shows a storage refusal and does not pretend the value was stored', async () => {
    const save = vi.fn().mockRejectedValue(new Error('QUOTA_BYTES_PER_ITEM quota exceeded'));
    render(
      <I18n.Provider value={zhT}>
        <Options initial={DEFAULT_SETTINGS} repaired={[]} save={save} preview={async () => ''} exportJson={() => undefined} lang="zh" />
      </I18n.Provider>,
    );
    fireEvent.change(screen.getByTestId('opt-preset'), { target: { value: 'archive' } });
    await waitFor(() => expect(screen.getByTestId('opt-status').textContent).toContain('设置未能保存'));
    expect((screen.getByTestId('opt-preset') as HTMLSelectElement).value).toBe('hexo');
  });
});

describe('options page: images', () => {
  function showWithAccess(granted: boolean, initial: Settings = DEFAULT_SETTINGS) {
    const save = vi.fn(async (_s: Settings) => undefined);
    const requestImageAccess = vi.fn(async () => granted);
    render(
      <I18n.Provider value={zhT}>
        <Options initial={initial} repaired={[]} save={save} preview={async () => ''} exportJson={() => undefined} requestImageAccess={requestImageAccess} lang="zh" />
      </I18n.Provider>,
    );
    return { save, requestImageAccess, lastSaved: () => save.mock.calls.at(-1)?.[0] };
  }

  it('groups the image settings, with labels that do not collide with the date style’s “local”', () => {
    showWithAccess(true);
    const group = document.querySelector('section[data-group="images"]') as HTMLElement;
    expect(Array.from(group.querySelectorAll('.field')).map((f) => f.getAttribute('data-path'))).toEqual([
      'images.mode',
      'images.assetStyle',
      'images.maxImageKB',
      'images.maxArticleKB',
      'images.noReferrer',
      'images.proxyPrefix',
      'images.proxyScope',
    ]);
    const labels = (id: string) => Array.from((screen.getByTestId(id) as HTMLSelectElement).options).map((o) => o.textContent);
    expect(labels('opt-images.mode')).toEqual(['保留原链接', '保存到文章资源文件夹（本地）', '文章和图片打包为一个 zip']);
    expect(labels('opt-images.assetStyle')[0]).toBe('{% asset_img 01.jpg %}（Hexo 标签）');
    expect(labels('opt-dateStyle')[0]).toBe('本地时间 YYYY-MM-DD HH:mm:ss');
    expect(group.textContent).toContain('Referer');
  });

  it('picking zip asks for the image hosts, then stores it', async () => {
    const { requestImageAccess, lastSaved } = showWithAccess(true);
    fireEvent.change(screen.getByTestId('opt-images.mode'), { target: { value: 'zip' } });
    expect(requestImageAccess).toHaveBeenCalledOnce();
    await waitFor(() => expect(lastSaved()?.images.mode).toBe('zip'));
  });

  it('a refused permission keeps remote, stores nothing, and says why', async () => {
    const { save, requestImageAccess } = showWithAccess(false);
    fireEvent.change(screen.getByTestId('opt-images.mode'), { target: { value: 'local' } });
    expect(requestImageAccess).toHaveBeenCalledOnce();
    await waitFor(() => expect(screen.getByTestId('opt-status').textContent).toContain('未获得访问图片网站的权限'));
    expect(save).not.toHaveBeenCalled();
    expect((screen.getByTestId('opt-images.mode') as HTMLSelectElement).value).toBe('remote');
  });

  it('going back to remote asks for nothing', async () => {
    const { requestImageAccess, lastSaved } = showWithAccess(true, { ...DEFAULT_SETTINGS, images: { ...DEFAULT_SETTINGS.images, mode: 'local' } });
    fireEvent.change(screen.getByTestId('opt-images.mode'), { target: { value: 'remote' } });
    await waitFor(() => expect(lastSaved()?.images.mode).toBe('remote'));
    expect(requestImageAccess).not.toHaveBeenCalled();
  });

  it('checks the size caps as whole numbers in range, and stores a valid one', async () => {
    const { save, lastSaved } = showWithAccess(true);
    setText('opt-images.maxImageKB', '0');
    expect(screen.getByTestId('err-images.maxImageKB').textContent).toContain('1 到 51200');
    setText('opt-images.maxArticleKB', '12.5');
    expect(screen.getByTestId('err-images.maxArticleKB').textContent).toContain('整数');
    expect(save).not.toHaveBeenCalled();
    setText('opt-images.maxImageKB', '800');
    await waitFor(() => expect(lastSaved()?.images.maxImageKB).toBe(800));
    fireEvent.change(screen.getByTestId('opt-images.assetStyle'), { target: { value: 'relative' } });
    await waitFor(() => expect(lastSaved()?.images.assetStyle).toBe('relative'));
  });

  it('a preset switch leaves the image saving choices alone', async () => {
    const mine: Settings = { ...DEFAULT_SETTINGS, images: { ...DEFAULT_SETTINGS.images, mode: 'zip', maxImageKB: 300 } };
    const { lastSaved } = showWithAccess(true, mine);
    fireEvent.change(screen.getByTestId('opt-preset'), { target: { value: 'archive' } });
    await waitFor(() => expect(lastSaved()?.preset).toBe('archive'));
    expect(lastSaved()?.images).toMatchObject({ mode: 'zip', maxImageKB: 300, noReferrer: true, proxyScope: 'http' });
  });
});

describe('the bundled sample article', () => {
  const html = readFileSync(resolve(root, 'public/sample-article.html'), 'utf8');
  const sanitizer = createSanitizer(parsePage('<body></body>').window as unknown as Window & typeof globalThis);

  it('clips under both presets, without its promo footer', () => {
    for (const preset of ['hexo', 'archive'] as const) {
      const result = samplePost(parsePage(html, SAMPLE_URL).window.document, presetDefaults(preset), sanitizer);
      expect(result.ok).toBe(true);
      if (!result.ok) continue;
      expect(result.text).toContain('德州寒潮模式继续发威');
      expect(result.text).not.toContain('找记者');
      expect(result.removed.map((r) => r.code)).toContain('promo-footer');
    }
  });

  it('loads nothing from the network when shown in the options page', () => {
    expect(html).not.toMatch(/<(script|link)\b/i);
    expect(html).not.toMatch(/\ssrc=/i);
  });
});
