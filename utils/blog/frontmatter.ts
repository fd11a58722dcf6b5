/** Reading a post's front matter only, the way Hexo finds it, for the index. */
import { parse } from 'yaml';

const FENCE = /^(-{3,}|;{3,})\s*$/;

/**
 * The front-matter text of a post: between a leading `---` line and the next one (blank lines
 * before the first are allowed: the archive's posts start with one), or Hexo's other form, the
 * text before the first `---` line. Null when the file has none.
 */
export function frontMatterBlock(text: string): string | null {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let pos = 0;
  // Skip blank lines without splitting the whole file: posts can be large, front matter is not.
  while (pos < body.length) {
    const nl = body.indexOf('\n', pos);
    const line = body.slice(pos, nl < 0 ? body.length : nl);
    if (line.trim() !== '') break;
    if (nl < 0) return null;
    pos = nl + 1;
  }
  const firstEnd = body.indexOf('\n', pos);
  const first = body.slice(pos, firstEnd < 0 ? body.length : firstEnd).replace(/\r$/, '');
  const fence = FENCE.exec(first)?.[1];
  const start = fence ? firstEnd + 1 : pos;
  if (fence && firstEnd < 0) return null;
  let at = start;
  while (at <= body.length) {
    const nl = body.indexOf('\n', at);
    const line = body.slice(at, nl < 0 ? body.length : nl).replace(/\r$/, '');
    if (FENCE.test(line) && (!fence || line.trim().startsWith(fence[0]!))) return body.slice(start, at);
    if (nl < 0) return null;
    at = nl + 1;
  }
  return null;
}

// Plain scalars YAML 1.2's core schema reads as null, a boolean or a number: left to the full parse.
const CORE_TYPED = /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?)$/;
const TOP_KEY = /^([A-Za-z_][\w-]*)[ \t]*:(?:[ \t]+|$)(.*)$/;

/** One line's scalar, or undefined when only a full YAML parse can tell (block, flow, anchors, multi-line). */
function lineScalar(raw: string): string | undefined {
  // YAML trims spaces and tabs only; String#trim would also eat U+FEFF and other spaces.
  const v = raw.replace(/^[ \t]+|[ \t]+$/g, '');
  if (v === '' || /^[|>&*!\[{%@`]/.test(v)) return undefined;
  if (v.startsWith("'")) {
    const m = /^'((?:[^']|'')*)'(?:[ \t]+#.*)?$/.exec(v);
    return m ? m[1]!.replace(/''/g, "'") : undefined;
  }
  if (v.startsWith('"')) {
    const m = /^("(?:[^"\\]|\\.)*")(?:[ \t]+#.*)?$/.exec(v);
    if (!m) return undefined;
    try {
      // What this project writes (doubleQuotedAsJSON) is JSON; YAML-only escapes (\x, \e…) fail here and take the full parse.
      return JSON.parse(m[1]!) as string;
    } catch {
      return undefined;
    }
  }
  const plain = v.replace(/[ \t]+#.*$/, '');
  if (CORE_TYPED.test(plain) || plain.startsWith('- ') || plain.includes(': ')) return undefined;
  return plain;
}

/**
 * Only these keys of the front matter, read line by line where each is one simple line (the
 * index reads tens of thousands of posts; a full YAML parse costs about 1 ms each), else through
 * the full parse. Gives what `readFrontMatter` would for these keys.
 */
export function readFrontMatterKeys(text: string, keys: readonly string[]): Record<string, unknown> | null {
  const block = frontMatterBlock(text);
  if (block === null) return null;
  const full = () => {
    const fm = readFrontMatter(text);
    return fm && Object.fromEntries(keys.filter((k) => k in fm).map((k) => [k, fm[k]]));
  };
  const lines = block.split('\n');
  const out: Record<string, unknown> = {};
  const seen = new Set<string>();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, '');
    if (line === '' || line.startsWith('#') || /^[ \t]/.test(line) || line.startsWith('- ')) continue;
    const m = TOP_KEY.exec(line);
    if (!m) return full();
    const key = m[1]!;
    if (!keys.includes(key)) continue;
    const value = lineScalar(m[2]!);
    // An indented next line continues this value (a multi-line plain scalar, a list, a map).
    const next = lines[i + 1]?.replace(/\r$/, '') ?? '';
    if (value === undefined || seen.has(key) || /^[ \t]+\S/.test(next) || next.startsWith('- ')) return full();
    seen.add(key);
    out[key] = value;
  }
  return out;
}

/** The front matter as data, or null when there is none or it is not a YAML mapping. */
export function readFrontMatter(text: string): Record<string, unknown> | null {
  const block = frontMatterBlock(text);
  if (block === null) return null;
  try {
    const data = parse(block, { maxAliasCount: 100, uniqueKeys: false }) as unknown;
    return data !== null && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
