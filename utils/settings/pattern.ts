/** `/regex/flags` or plain text. Returns null for an invalid regular expression. */
export function compilePromoPattern(pattern: string): RegExp | null {
  const m = /^\/(.+)\/([a-z]*)$/s.exec(pattern);
  if (!m) return new RegExp(pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  try {
    return new RegExp(m[1] ?? '', (m[2] ?? '').replace(/[gy]/g, ''));
  } catch {
    return null;
  }
}
