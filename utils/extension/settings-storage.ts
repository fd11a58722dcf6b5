/**
 * The settings in sync storage. Every read goes through `repairSettings`: a corrupt or
 * hand-edited value degrades to defaults field by field, with a notice, and never throws.
 */
import { storage } from 'wxt/utils/storage';
import { DEFAULT_SETTINGS, SETTINGS_VERSION, type Settings } from '../settings/schema';
import { repairSettings } from '../settings/validate';
import { SETTINGS_MIGRATIONS, wxtMigrations, type Migration } from '../settings/migrations';

export const SETTINGS_KEY = 'sync:settings' as const;

/** Options are parameters so tests can run WXT's migration machinery with made-up versions. */
export function createSettingsItem(version = SETTINGS_VERSION, migrations: Record<number, Migration> = SETTINGS_MIGRATIONS) {
  return storage.defineItem<unknown>(SETTINGS_KEY, {
    version,
    fallback: DEFAULT_SETTINGS,
    migrations: wxtMigrations(migrations),
  });
}

let defined: ReturnType<typeof createSettingsItem> | undefined;

/**
 * The settings item, defined on first use: WXT runs an item's migrations (storage reads) the
 * moment it is defined, and the reader, injected into article pages before anyone asks for it,
 * must not touch storage until it needs to (Firefox logs a read that a closing tab cut off).
 */
export function settingsItem(): ReturnType<typeof createSettingsItem> {
  return (defined ??= createSettingsItem());
}

export interface LoadedSettings {
  settings: Settings;
  /** Paths that held invalid values and now hold defaults; `(settings)` when the whole value was unusable. */
  repaired: string[];
}

export async function loadSettings(item = settingsItem()): Promise<LoadedSettings> {
  let raw: unknown;
  try {
    raw = await item.getValue();
  } catch {
    // An unreadable store (quota, corrupt profile) is repaired like a corrupt value.
    raw = null;
  }
  return repairSettings(raw);
}

/** Stores settings that the caller has validated. Rejects when the browser refuses (sync quota). */
export async function storeSettings(settings: Settings, item = settingsItem()): Promise<void> {
  await item.setValue(settings);
}

/** Calls `onChange` with the repaired settings whenever they change in storage, from any page. */
export function watchSettings(onChange: (settings: Settings) => void, item = settingsItem()): () => void {
  return item.watch((raw) => onChange(repairSettings(raw).settings));
}
