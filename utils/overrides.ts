/**
 * The popup's per-save overrides, checked where they are typed and again where they are used.
 * Kept apart from the pipeline so the popup does not load Readability, Turndown and yaml for it.
 */
import type { ClipOverrides } from './messages';
import { describeValue } from './settings/schema';
import { checkField, type SettingsIssue } from './settings/validate';

/** What makes overrides unusable, or null: the same rules as the settings they stand in for (`reasons.ts` words it). */
export function overridesIssue(overrides: ClipOverrides): SettingsIssue | null {
  const { title } = overrides;
  if (title !== undefined && (typeof title !== 'string' || title.trim() === '' || title.length > 500)) {
    return { path: 'title', expected: 'a non-empty text of at most 500 characters', got: describeValue(title) };
  }
  for (const path of ['tags', 'categories'] as const) {
    if (overrides[path] === undefined) continue;
    const issue = checkField(path, overrides[path]);
    if (issue) return issue;
  }
  return null;
}

/** Returns why overrides are unusable, in English (a failure's message), or null. */
export function checkOverrides(overrides: ClipOverrides): string | null {
  const issue = overridesIssue(overrides);
  return issue ? `${issue.path}: expected ${issue.expected}` : null;
}

