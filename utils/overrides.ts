/**
 * The popup's per-save overrides, checked where they are typed and again where they are used.
 * Kept apart from the pipeline so the popup does not load Readability, Turndown and yaml for it.
 */
import type { ClipOverrides } from './messages';
import { checkField } from './settings/validate';

/** Returns why overrides are unusable, or null. The same rules as the settings they stand in for. */
export function checkOverrides(overrides: ClipOverrides): string | null {
  if (overrides.title !== undefined && (typeof overrides.title !== 'string' || overrides.title.trim() === '' || overrides.title.length > 500)) {
    return 'title: expected a non-empty text of at most 500 characters';
  }
  for (const path of ['tags', 'categories'] as const) {
    if (overrides[path] === undefined) continue;
    const issue = checkField(path, overrides[path]);
    if (issue) return `${path}: expected ${issue.expected}`;
  }
  return null;
}

