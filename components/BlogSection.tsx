/**
 * The options page's 博客 section: connect the blog's root folder, see what was read from its
 * `_config.yml` and scaffold, disconnect. Everything browser-side (the folder picker, the handle
 * store, the permission) comes in through `api`, so the view is tested with plain functions.
 */
import { useEffect, useState } from 'preact/hooks';
import type { BlogProfile, ProfileError } from '../utils/blog/profile';
import type { Translate } from '../utils/i18n';
import { useT } from './i18n';

/** The connected blog as the options page sees it now. */
export type BlogStatus =
  | { kind: 'none' }
  | { kind: 'connected'; name: string; profile: BlogProfile }
  /** Kept, but the browser dropped the read-write permission (a restart, "allow this time"). */
  | { kind: 'permission'; name: string }
  /** Kept, but its config no longer reads (edited since): nothing is written to it until it does. */
  | { kind: 'unreadable'; name: string; error: ProfileError };

export type ConnectResult =
  | BlogStatus
  | { kind: 'cancelled' }
  /** The picked folder is not a blog, or its config does not parse: nothing was kept. */
  | { kind: 'refused'; name: string; error: ProfileError };

export interface BlogSectionApi {
  /** Chromium's directory picker exists (not in Firefox). */
  supported: boolean;
  load(): Promise<BlogStatus>;
  /** Picker, check, store; called inside the click. */
  connect(): Promise<ConnectResult>;
  /** Asks the browser for read-write access again; called inside the click. */
  grant(): Promise<BlogStatus>;
  disconnect(): Promise<void>;
}

interface Props {
  api: BlogSectionApi;
}

/** A profile failure in the user's language, with the YAML's line and words kept for the blogger. */
export function profileErrorText(error: ProfileError, t: Translate): string {
  switch (error.code) {
    case 'no-config':
      return t('blogErrorNoConfig');
    case 'no-source-folder':
      return t('blogErrorNoSource', error.sourceDir);
    case 'config-unparseable':
      return t('blogErrorConfig', [error.line ?? '?', error.message]);
    case 'scaffold-unparseable':
      return t('blogErrorScaffold', [error.path, error.line ?? '?', error.message]);
  }
}

const yesNo = (v: boolean, t: Translate) => t(v ? 'blogYes' : 'blogNo');

function ProfileView({ profile }: { profile: BlogProfile }) {
  const t = useT();
  const extra = Object.entries(profile.scaffold?.defaults ?? {}).filter(([k]) => !['title', 'date', 'tags', 'categories'].includes(k));
  const rows: [string, string, string][] = [
    ['timezone', 'timezone', profile.timezone ?? t('blogUnset')],
    ['post_asset_folder', 'post_asset_folder', yesNo(profile.postAssetFolder, t)],
    ['new_post_name', 'new_post_name', profile.newPostName],
    ['default_category', 'default_category', profile.defaultCategory ?? t('blogUnset')],
    ['filename_case', 'filename_case', String(profile.filenameCase)],
    ['marked.postAsset', 'marked-postAsset', yesNo(profile.markedPostAsset, t)],
    [
      'scaffolds/post.md',
      'scaffold',
      profile.scaffold ? (extra.length ? extra.map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join(', ') : t('blogScaffoldNoExtra')) : t('blogNoScaffold'),
    ],
  ];
  return (
    <>
      <p class="blog-title">
        <strong data-testid="blog-title">{profile.title ?? t('blogUntitled')}</strong>{' '}
        {profile.url && <code data-testid="blog-url">{profile.url}</code>}
      </p>
      <p class="hint">{t('blogReadFrom')}</p>
      <dl class="blog-profile" data-testid="blog-profile">
        {rows.map(([label, id, value]) => (
          <>
            <dt>{label}</dt>
            <dd data-testid={`blog-read-${id}`}>{value}</dd>
          </>
        ))}
      </dl>
      {profile.warnings.length > 0 && (
        <ul class="warning" data-testid="blog-warnings">
          {profile.warnings.map((w) => (
            <li>{t('blogWarning', ['key' in w ? w.key : w.code === 'bad-timezone' ? 'timezone' : 'source_dir', w.value])}</li>
          ))}
        </ul>
      )}
    </>
  );
}

export function BlogSection({ api }: Props) {
  const t = useT();
  const [status, setStatus] = useState<BlogStatus | null>(null);
  const [message, setMessage] = useState<{ kind: 'error' | 'success'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!api.supported) return;
    api.load().then(setStatus, (e: unknown) => {
      setStatus({ kind: 'none' });
      setMessage({ kind: 'error', text: t('blogErrorStore', (e as Error).message) });
    });
  }, []);

  /** A failure of the browser itself (the store, the picker) is shown, never thrown at the page. */
  const act = async (work: () => Promise<void>) => {
    setBusy(true);
    setMessage(null);
    try {
      await work();
    } catch (e) {
      setMessage({ kind: 'error', text: t('blogErrorStore', (e as Error).message) });
    } finally {
      setBusy(false);
    }
  };

  const connect = () =>
    act(async () => {
      const result = await api.connect();
      if (result.kind === 'cancelled') return;
      if (result.kind === 'refused') {
        setMessage({ kind: 'error', text: t('blogRefused', [result.name, profileErrorText(result.error, t)]) });
        return;
      }
      setStatus(result);
      if (result.kind === 'connected') setMessage({ kind: 'success', text: t('blogConnected', result.name) });
    });

  const grant = () => act(async () => setStatus(await api.grant()));

  const disconnect = () =>
    act(async () => {
      await api.disconnect();
      setStatus({ kind: 'none' });
      setMessage({ kind: 'success', text: t('blogDisconnected') });
    });

  if (!api.supported) {
    return (
      <div class="blog" data-testid="blog-section" data-state="unsupported">
        <p class="notice" data-testid="blog-unsupported">
          {t('blogUnsupported')}
        </p>
        <pre>npm run clip -- --blog ~/my-blog PAGE.html</pre>
      </div>
    );
  }

  return (
    <div class="blog" data-testid="blog-section" data-state={status?.kind ?? 'loading'}>
      <p class="status" data-testid="blog-message" data-kind={message?.kind ?? ''} role="status" aria-live="polite">
        {message?.text ?? ''}
      </p>
      {status?.kind === 'none' && <p class="hint">{t('blogIntro')}</p>}
      {status && status.kind !== 'none' && (
        <p>
          {t('blogFolder')} <code data-testid="blog-folder">{status.name}</code>
        </p>
      )}
      {status?.kind === 'connected' && <ProfileView profile={status.profile} />}
      {status?.kind === 'permission' && (
        <p class="warning" data-testid="blog-permission">
          {t('blogPermissionDropped')}
        </p>
      )}
      {status?.kind === 'unreadable' && (
        <p class="error" data-testid="blog-unreadable" role="alert">
          {profileErrorText(status.error, t)} {t('blogNothingWritten')}
        </p>
      )}
      <div class="actions">
        <button data-testid="blog-connect" disabled={busy || status === null} onClick={connect}>
          {status && status.kind !== 'none' ? t('blogConnectOther') : t('blogConnect')}
        </button>
        {status?.kind === 'permission' && (
          <button data-testid="blog-grant" disabled={busy} onClick={grant}>
            {t('blogGrant')}
          </button>
        )}
        {status && status.kind !== 'none' && (
          <button data-testid="blog-disconnect" disabled={busy} onClick={disconnect}>
            {t('blogDisconnect')}
          </button>
        )}
      </div>
    </div>
  );
}
