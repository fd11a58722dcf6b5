/**
 * The blog scaffold's extra keys in a post that is about to be written into that blog: each key
 * `scaffolds/post.md` gives a default for and the post does not have is added with that default,
 * after the post's own keys. The post's existing front matter is left byte for byte as the post
 * builder wrote it (its quoting and date format are deliberate), so only new lines are added.
 * Pure. The scaffold's key ORDER is not applied here: that needs the post builder itself.
 */
import { parse, stringify } from 'yaml';
import type { Scaffold } from '../blog/profile';

export function withScaffoldKeys(text: string, scaffold: Scaffold | null): string {
  if (!scaffold) return text;
  // The builder's shape: an optional blank line, `---`, the YAML, `---`.
  const open = /^\n?---\n/.exec(text);
  if (!open) return text;
  const start = open[0].length;
  const close = text.startsWith('---\n', start) ? start : text.indexOf('\n---\n', start - 1) + 1;
  if (close <= 0) return text;
  let present: unknown;
  try {
    present = parse(text.slice(start, close)) ?? {};
  } catch {
    return text;
  }
  if (typeof present !== 'object' || present === null || Array.isArray(present)) return text;
  const missing = Object.entries(scaffold.defaults).filter(([key]) => !(key in present));
  if (!missing.length) return text;
  const lines = stringify(Object.fromEntries(missing), { lineWidth: 0 });
  return `${text.slice(0, close)}${lines}${text.slice(close)}`;
}
