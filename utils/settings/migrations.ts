/**
 * Pure migrations of the stored settings, keyed by the version they migrate TO (WXT's
 * `storage.defineItem` convention). A format change adds `N: (old) => new` here and bumps
 * SETTINGS_VERSION.
 */
import { SETTINGS_VERSION } from './schema';

export type Migration = (old: unknown) => unknown;

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * v1 → v2: images can be saved beside the post (`images.mode`, `assetStyle`, size caps). The values
 * are written out, not taken from DEFAULT_SETTINGS, so this step means the same thing after a
 * later default changes. What the user already had under `images` is kept as it was.
 */
export function addImageSaving(old: unknown): unknown {
  if (!isObject(old)) return old;
  const images = isObject(old.images) ? old.images : {};
  return { ...old, images: { mode: 'remote', assetStyle: 'asset_img', maxImageKB: 5120, maxArticleKB: 51200, ...images } };
}

/** v2 → v3: saving into a connected blog (`blog.subfolder`, `blog.slug`). A stored `blog` is kept. */
export function addBlog(old: unknown): unknown {
  if (!isObject(old)) return old;
  const blog = isObject(old.blog) ? old.blog : {};
  return { ...old, blog: { subfolder: '', slug: 'title', ...blog } };
}

/**
 * v3 → v4: the reader's 以后保留类似内容 keeps content per site (`exceptions`), empty to begin with.
 * A list the user already has (an import written by hand) is kept as it is.
 */
export function addExceptions(old: unknown): unknown {
  if (!isObject(old)) return old;
  return { exceptions: [], ...old };
}

/**
 * v4 → v5: the reader is prepared while a named site's page is idle (`reader.prepare`), on, as it
 * was for everyone before the switch existed. A stored choice is kept.
 */
export function addReaderPreparation(old: unknown): unknown {
  if (!isObject(old)) return old;
  const reader = isObject(old.reader) ? old.reader : {};
  return { ...old, reader: { prepare: true, ...reader } };
}

export const SETTINGS_MIGRATIONS: Record<number, Migration> = {
  2: addImageSaving,
  3: addBlog,
  4: addExceptions,
  5: addReaderPreparation,
};

/** The value's own `version` field follows the migration, so an export says which format it is. */
function stamp(value: unknown, version: number): unknown {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? { ...(value as object), version } : value;
}

/** Runs every migration after `from` up to `to`, in order. */
export function migrateSettings(value: unknown, from: number, to = SETTINGS_VERSION, migrations = SETTINGS_MIGRATIONS): unknown {
  let current = value;
  for (let v = from + 1; v <= to; v++) {
    const step = migrations[v];
    if (step) current = stamp(step(current), v);
  }
  return current;
}

/** The same migrations in the shape WXT runs them, each stamping the version it produced. */
export function wxtMigrations(migrations = SETTINGS_MIGRATIONS): Record<number, Migration> {
  return Object.fromEntries(Object.entries(migrations).map(([v, step]) => [Number(v), (old: unknown) => stamp(step(old), Number(v))]));
}
