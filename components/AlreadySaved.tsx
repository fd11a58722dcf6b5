/**
 * "已保存" for an article the blog already holds: where and when, with 更新此文章 (after a
 * confirmation, since it overwrites) and 另存为新文章. The popup and the reader show the same block.
 */
import { useState } from 'preact/hooks';
import type { SavedPost } from '../utils/messages';
import { useT } from './i18n';

export interface AlreadySavedProps {
  existing: SavedPost;
  busy: boolean;
  /** `data-testid` prefix: `popup` or `reader`. */
  testId: string;
  onSave(intent: 'update' | 'new'): void;
}

export function AlreadySaved({ existing, busy, testId, onSave }: AlreadySavedProps) {
  const t = useT();
  const [confirming, setConfirming] = useState(false);
  const save = (intent: 'update' | 'new') => {
    setConfirming(false);
    onSave(intent);
  };
  return (
    <section class="already" data-testid={`${testId}-already-saved`} data-path={existing.path}>
      <p>
        <strong>{t('alreadySavedLabel')}</strong> <code>{existing.path}</code> {existing.localDate ?? ''}
      </p>
      {confirming ? (
        <div class="actions">
          <span>{t('confirmUpdate', existing.path)}</span>
          <button type="button" class="primary" data-testid={`${testId}-update-confirm`} disabled={busy} onClick={() => save('update')}>
            {t('confirmUpdateYes')}
          </button>
          <button type="button" data-testid={`${testId}-update-cancel`} onClick={() => setConfirming(false)}>
            {t('cancel')}
          </button>
        </div>
      ) : (
        <div class="actions">
          <button type="button" data-testid={`${testId}-update`} disabled={busy} onClick={() => setConfirming(true)}>
            {t('updatePost')}
          </button>
          <button type="button" data-testid={`${testId}-save-new`} disabled={busy} onClick={() => save('new')}>
            {t('saveAsNewPost')}
          </button>
        </div>
      )}
    </section>
  );
}
