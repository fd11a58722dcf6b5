/**
 * Re-cleaning a post already in the archive (YAML front matter, an HTML body inside `<div>`): the
 * same site steps the extension runs on a new article (promo footers and their QR codes, app
 * download calls, tracking images) applied to the saved body, and `headimg`/`thumbnail` moved off
 * an image that went. Nothing else changes: the text is edited by the source ranges of the removed
 * nodes, never re-serialised, so every other byte stays as the archive wrote it.
 */
import { parse as parseHtml } from 'parse5';
import { parseDocument } from 'yaml';
import { formatLocal } from '../core/date';
import { removePromoPatterns, removeTrailingAppCalls } from '../core/promo';
import { compact, elementsByTag, hasMedia } from '../core/text';
import { trackingKind, trackingRemoval } from '../core/tracking';
import type { Removal } from '../core/types';
import { SITE_RULES } from '../sites';
import { parseInSharedWindow } from './jsdom';

export interface RecleanOptions {
  /** Rewrite an RFC 1123 GMT `date` as local time in this IANA zone. */
  fixDates?: string;
}

export interface FrontMatterChange {
  key: string;
  from: string;
  /** Undefined: the key was dropped. */
  to?: string;
}

export type RecleanResult =
  | { ok: true; changed: boolean; text: string; removed: Removal[]; frontMatter: FrontMatterChange[] }
  | { ok: false; reason: 'unparseable'; message: string };

interface Edit {
  start: number;
  end: number;
  insert: string;
}

const FRONT_MATTER = /^(\s*---[ \t]*\r?\n)([\s\S]*?\r?\n)?(---[ \t]*(?:\r?\n|$))/;
const COVER_KEYS = ['headimg', 'thumbnail'];
/** A proxy that takes the image URL as its query (`https://cors.zfour.workers.dev/?http://…`). */
const PROXIED = /^https?:\/\/[^?#]+\/?\?(https?:\/\/.+)$/i;

const unproxied = (src: string) => PROXIED.exec(src)?.[1] ?? src;

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\u00a0/g, '&nbsp;');
}

/** The same value in the quoting the line already used, so the key reads as before. */
function yamlScalar(value: string, like: string): string {
  if (like.startsWith('"')) return JSON.stringify(value);
  if (like.startsWith("'") || !/^[\w./?=&%:+-]+$/.test(value) || /^[-?:]|: /.test(value)) return `'${value.replace(/'/g, "''")}'`;
  return value;
}

/** Trackers are judged on the image's own URL: the archive routes every image through a proxy. */
function removeTracking(root: Element, removed: Removal[]): void {
  for (const img of elementsByTag(root, 'img')) {
    const src = img.getAttribute('src') ?? '';
    const probe = img.cloneNode(false) as Element;
    if (src) probe.setAttribute('src', unproxied(src));
    const kind = trackingKind(probe);
    if (!kind) continue;
    removed.push(trackingRemoval(kind, src));
    img.remove();
  }
}

/** Blocks that the removals left empty go too; blocks that were empty before stay as they were. */
function removeEmptied(root: Element, wasEmpty: Set<Element>, removed: Removal[]): void {
  let count = 0;
  for (const el of elementsByTag(root, '*').reverse()) {
    if (wasEmpty.has(el) || !/^(P|DIV|SECTION|SPAN|STRONG|B|EM|FIGURE|CENTER|BLOCKQUOTE|LI)$/.test(el.tagName)) continue;
    if (compact(el.textContent) !== '' || hasMedia(el)) continue;
    el.remove();
    count++;
  }
  if (count) removed.push({ step: 'empty', code: 'empty-blocks', params: { count }, reason: `${count} emptied block${count > 1 ? 's' : ''}` });
}

function isEmptyBlock(el: Element): boolean {
  return compact(el.textContent) === '' && !hasMedia(el);
}

interface Span {
  startOffset: number;
  endOffset: number;
}

interface P5Node {
  nodeName: string;
  childNodes?: P5Node[];
  content?: P5Node;
  sourceCodeLocation?: Span | null;
}

/**
 * The body parsed twice by the same HTML parser: into a Document of a shared window (a jsdom
 * window per post cost ten times the cleaning), and by parse5 with source positions. Walking the
 * two trees side by side gives each DOM node its source range; any difference in shape is refused.
 */
function parseWithLocations(html: string): { doc: Document; locate: (node: Node) => Span | undefined } | string {
  const doc = parseInSharedWindow(html);
  const tree = parseHtml(html, { sourceCodeLocationInfo: true }) as unknown as P5Node;
  const spans = new Map<Node, Span>();
  const walk = (node: Node, p5: P5Node): boolean => {
    const kids = p5.childNodes ?? [];
    if (node.childNodes.length !== kids.length) return false;
    for (let i = 0; i < kids.length; i++) {
      const a = node.childNodes[i] as Node;
      const b = kids[i] as P5Node;
      const name = a.nodeType === 1 ? (a as Element).localName : a.nodeName;
      if (name !== b.nodeName) return false;
      if (b.sourceCodeLocation) spans.set(a, b.sourceCodeLocation);
      if (!walk(a, b)) return false;
    }
    return true;
  };
  if (!walk(doc, tree)) return 'the body parses differently twice';
  return { doc, locate: (node) => spans.get(node) };
}

/** The body's edits: removed nodes by their source range, shortened text nodes by their changed part. */
function bodyEdits(locate: (node: Node) => Span | undefined, root: Element, before: Map<Node, { parent: Node | null; data?: string }>, source: string): Edit[] | string {
  const edits: Edit[] = [];
  for (const [node, was] of before) {
    const loc = locate(node);
    if (!loc) return 'a node has no source position';
    const attached = node === root || root.contains(node);
    if (!attached) {
      // Only the outermost removed node is cut; its descendants go with it.
      if (was.parent && (was.parent === root || root.contains(was.parent))) edits.push({ start: loc.startOffset, end: loc.endOffset, insert: '' });
      continue;
    }
    if (node.nodeType !== 3 || was.data === undefined || (node as Text).data === was.data) continue;
    const now = (node as Text).data;
    const raw = source.slice(loc.startOffset, loc.endOffset);
    if (raw !== was.data) {
      // Entities in the source: the offsets do not line up, so the text node is written anew.
      edits.push({ start: loc.startOffset, end: loc.endOffset, insert: escapeText(now) });
      continue;
    }
    let p = 0;
    while (p < now.length && now[p] === raw[p]) p++;
    let s = 0;
    while (s < now.length - p && now[now.length - 1 - s] === raw[raw.length - 1 - s]) s++;
    edits.push({ start: loc.startOffset + p, end: loc.endOffset - s, insert: now.slice(p, now.length - s) });
  }
  // Any node the steps added has no source: the edit list could not express it.
  for (const el of elementsByTag(root, '*')) if (!before.has(el)) return 'a cleaning step added a node';
  return edits;
}

function apply(text: string, edits: Edit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const e of sorted) {
    if (e.start < at) continue;
    out += text.slice(at, e.start) + e.insert;
    at = e.end;
  }
  return out + text.slice(at);
}

/** Front matter line edits: cover keys off a removed image, and the date when asked. */
function frontMatterEdits(fm: string, offset: number, goneImages: Set<string>, firstImage: string | undefined, options: RecleanOptions, changes: FrontMatterChange[]): Edit[] | string {
  const edits: Edit[] = [];
  const line = /^([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*?)[ \t]*(\r?\n|$)/gm;
  for (const m of fm.matchAll(line)) {
    const [whole, key = '', rawValue = ''] = m;
    const start = offset + (m.index ?? 0);
    if (COVER_KEYS.includes(key) && rawValue) {
      const value = parseDocument(rawValue).toJS() as unknown;
      if (typeof value !== 'string' || !goneImages.has(unproxied(value))) continue;
      if (firstImage) {
        const written = yamlScalar(firstImage, rawValue);
        const valueStart = start + whole.indexOf(rawValue, key.length);
        edits.push({ start: valueStart, end: valueStart + rawValue.length, insert: written });
        changes.push({ key, from: value, to: firstImage });
      } else {
        edits.push({ start, end: start + whole.length, insert: '' });
        changes.push({ key, from: value });
      }
    }
    if (key === 'date' && options.fixDates) {
      const value = rawValue.replace(/^(['"])(.*)\1$/, '$2');
      if (!/^[A-Z][a-z]{2}, \d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} (GMT|UTC|\+0000)$/.test(value)) continue;
      const date = new Date(value);
      if (Number.isNaN(date.getTime())) return `unreadable date: ${value}`;
      const local = formatLocal(date, options.fixDates);
      const valueStart = start + whole.indexOf(rawValue, key.length);
      edits.push({ start: valueStart, end: valueStart + rawValue.length, insert: local });
      changes.push({ key, from: value, to: local });
    }
  }
  return edits;
}

/** Re-cleans one post's text. Pure apart from the one jsdom window per thread it parses in. */
export function recleanPost(text: string, options: RecleanOptions = {}): RecleanResult {
  const fail = (message: string): RecleanResult => ({ ok: false, reason: 'unparseable', message });
  const fmMatch = FRONT_MATTER.exec(text);
  if (!fmMatch) return fail('no YAML front matter');
  const fmStart = (fmMatch[1] as string).length;
  const fm = fmMatch[2] ?? '';
  const yaml = parseDocument(fm);
  if (yaml.errors.length) return fail(`front matter: ${yaml.errors[0]?.message.split('\n')[0]}`);
  const bodyStart = fmMatch[0].length;
  const body = text.slice(bodyStart);
  const divStart = body.search(/<div[\s>]/i);
  const divEnd = body.toLowerCase().lastIndexOf('</div>');
  if (divStart < 0 || divEnd < divStart) return fail('the body is not HTML inside <div>');
  const html = body.slice(divStart, divEnd + '</div>'.length);

  const parsed = parseWithLocations(html);
  if (typeof parsed === 'string') return fail(parsed);
  {
    const { doc, locate } = parsed;
    const root = doc.body.firstElementChild;
    if (!root || root.tagName !== 'DIV' || doc.body.childElementCount !== 1) return fail('the body is not one <div>');
    const before = new Map<Node, { parent: Node | null; data?: string }>();
    const wasEmpty = new Set<Element>();
    const walker = doc.createTreeWalker(root, 1 | 4);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      before.set(n, { parent: n.parentNode, data: n.nodeType === 3 ? (n as Text).data : undefined });
      if (n.nodeType === 1 && isEmptyBlock(n as Element)) wasEmpty.add(n as Element);
    }
    const imagesBefore = elementsByTag(root, 'img');

    const removed: Removal[] = [];
    const bodyText = root.textContent ?? '';
    const rules = SITE_RULES.filter((r) => r.promo.length && (!r.reposts || r.reposts.detect.some((re) => re.test(bodyText))));
    removeTracking(root, removed);
    removePromoPatterns(root, rules.flatMap((r) => r.promo), removed);
    removeTrailingAppCalls(root, removed);
    if (removed.length) removeEmptied(root, wasEmpty, removed);

    const edits = bodyEdits(locate, root, before, html);
    if (typeof edits === 'string') return fail(edits);
    const gone = new Set(imagesBefore.filter((img) => !root.contains(img)).map((img) => unproxied(img.getAttribute('src') ?? '')));
    const firstLeft = elementsByTag(root, 'img').map((img) => img.getAttribute('src') ?? '').find((s) => s);
    const frontMatter: FrontMatterChange[] = [];
    const fmEdits = frontMatterEdits(fm, fmStart, gone, firstLeft, options, frontMatter);
    if (typeof fmEdits === 'string') return fail(fmEdits);
    const shift = bodyStart + divStart;
    const all = [...fmEdits, ...edits.map((e) => ({ ...e, start: e.start + shift, end: e.end + shift }))];
    const out = all.length ? apply(text, all) : text;
    return { ok: true, changed: out !== text, text: out, removed, frontMatter };
  }
}
