/**
 * Pure migrations of the stored settings, keyed by the version they migrate TO (WXT's
 * `storage.defineItem` convention). Version 1 is the first format, so there is nothing to migrate
 * yet; a future format change adds `2: (v1) => v2` here and bumps SETTINGS_VERSION.
 */
import { SETTINGS_VERSION } from './schema';

export type Migration = (old: unknown) => unknown;

export const SETTINGS_MIGRATIONS: Record<number, Migration> = {};

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
