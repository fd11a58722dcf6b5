/**
 * Removals the user can put back. A post-clean step takes something out of the sanitized body
 * through `removeNode` / `removeText` (one line where it used to `push` and `remove()`); each leaves
 * a marker comment where it stood and keeps what it took, detached. At the end of post-clean the
 * body is copied as a template and the markers are taken out of the body itself, so an article
 * nobody restores is exactly what it was before restoring existed. `rebuild` puts chosen parts
 * back at their markers in a copy of the template.
 *
 * The record is tied to the `removed` array the steps already receive (a WeakMap), so the steps'
 * signatures do not change: on an array with no record (pre-clean, a unit test calling a step
 * alone) the helpers simply remove, as the steps did before.
 *
 * Pre-clean removals (class selectors and styled trackers, on the page's copy before Readability)
 * lose their place: Readability rebuilds the tree after them. They keep their neighbour on the
 * page instead, and come back right after the block of the body that holds that neighbour's text
 * (at the start when none does); their ids are `p1`, `p2`… Their nodes are the page's own,
 * unsanitized, so they are only ever copied inside an inert document and serialized into the
 * sanitizer (`restoreArticle`). Scripts are never recorded this way and never come back.
 *
 * Sanitized markup carries no comments (DOMPurify drops them), so every comment in the body
 * during post-clean is one of these markers.
 */
import { compact, isBlock, squash } from './text';
import type { Removal } from './types';

/** `{site, text}`: content the user keeps on a site (`site` matches the host and its subdomains). */
export interface RemovalException {
  site: string;
  /** Exact text (white space squashed) or image URL, or `/regex/flags`. */
  text: string;
}

/** One thing taken out: a detached node, or a run of text cut from a text node. */
interface Part {
  /** The Removal's id; containers dropped because a removal emptied them have none. */
  id?: string;
  node?: Node;
  text?: string;
  /** Pre-clean only: where it stood on the page, read back only if it is restored. */
  prev?: Node | null;
  parent?: Node | null;
}

/** What `rebuild` needs: the body with a marker at every part's place, the parts, and pre-clean's. */
export interface Restorable {
  template: Element;
  parts: Part[];
  anchored: Part[];
}

type Entry = Omit<Removal, 'id'>;

interface Log {
  /** Absent for pre-clean, which records neighbours rather than markers. */
  content?: Element;
  parts: Part[];
  anchored: Part[];
  count: number;
  keep: (entry: Entry) => boolean;
}

const logs = new WeakMap<Removal[], Log>();
const MARK = 'hexo-clipper-removed:';
const SHOW_COMMENT = 128;
const TEXT = 3;

/**
 * Starts recording restorable removals under `content`; `keep` answers the user's exceptions.
 * `removed` may hold pre-clean's entries already; their record (`recordPreClean`) is carried over.
 */
export function recordRemovals(removed: Removal[], content: Element, keep: (entry: Entry) => boolean = () => false, from?: Removal[]): void {
  const pre = from ? logs.get(from) : undefined;
  if (from) logs.delete(from);
  logs.set(removed, { content, parts: [], anchored: pre?.anchored ?? [], count: 0, keep });
}

/** Starts recording pre-clean's removals, by neighbour (see above). */
export function recordPreClean(removed: Removal[], keep: (entry: Entry) => boolean = () => false): void {
  logs.set(removed, { parts: [], anchored: [], count: 0, keep });
}

/** Whether the user asked to keep this (an exception on the options page): then do not remove it. */
export function keeps(removed: Removal[], entry: Entry): boolean {
  return logs.get(removed)?.keep(entry) ?? false;
}

function mark(log: Log, node: ChildNode, part: Part): void {
  const index = log.parts.push(part) - 1;
  if (node.parentNode) node.replaceWith(node.ownerDocument!.createComment(MARK + index));
}

function nextId(log: Log): string {
  return `r${++log.count}`;
}

/**
 * Removes `node`, recording `entry`; false (and nothing removed) when an exception keeps it.
 * The one call every removal step makes in place of `removed.push(entry); node.remove()`. A list
 * of nodes is one removal (a footer spread over several blocks): one entry, one id, each node
 * back at its own place.
 */
export function removeNode(removed: Removal[], node: ChildNode | ChildNode[], entry: Entry): boolean {
  const nodes = Array.isArray(node) ? node : [node];
  const log = logs.get(removed);
  if (!log) {
    removed.push(entry);
    for (const n of nodes) n.remove();
    return true;
  }
  if (log.keep(entry)) return false;
  if (!log.content) {
    const id = `p${++log.count}`;
    removed.push({ ...entry, id });
    for (const n of nodes) {
      log.anchored.push({ id, node: n, prev: n.previousSibling, parent: n.parentNode });
      n.remove();
    }
    return true;
  }
  const id = nextId(log);
  removed.push({ ...entry, id });
  for (const n of nodes) mark(log, n, { id, node: n });
  return true;
}

/**
 * A container a removal left with nothing worth keeping (an emptied paragraph). Not listed on its
 * own: it comes back when anything restored stood inside it.
 */
export function dropContainer(removed: Removal[], node: ChildNode): void {
  const log = logs.get(removed);
  if (log?.content) mark(log, node, { node });
  else node.remove();
}

function textNodes(el: Element): Text[] {
  const out: Text[] = [];
  const walker = el.ownerDocument.createTreeWalker(el, 4 /* NodeFilter.SHOW_TEXT */);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) out.push(node as Text);
  return out;
}

/**
 * Removes characters [start, end) of the concatenated text of `el`, across text nodes, recording
 * `entry`; false when an exception keeps it. Each cut text node is split around a marker, so the
 * text goes back exactly where it was; the split is joined again when the markers are taken out.
 */
export function removeText(removed: Removal[], el: Element, start: number, end: number, entry: Entry): boolean {
  const found = logs.get(removed);
  const log = found?.content ? found : undefined;
  if (log?.keep(entry)) return false;
  const id = log ? nextId(log) : undefined;
  removed.push(id ? { ...entry, id } : entry);
  let pos = 0;
  for (const node of textNodes(el)) {
    const data = node.data;
    const from = Math.max(start, pos);
    const to = Math.min(end, pos + data.length);
    if (from < to) {
      const cut = data.slice(from - pos, to - pos);
      const after = data.slice(to - pos);
      node.data = data.slice(0, from - pos) + (log ? '' : after);
      if (log) {
        const index = log.parts.push({ id, text: cut }) - 1;
        node.after(node.ownerDocument.createComment(MARK + index), node.ownerDocument.createTextNode(after));
      }
    }
    pos += data.length;
  }
  return true;
}

function markerIndex(node: Node): number | undefined {
  const data = (node as Comment).data;
  return data.startsWith(MARK) ? Number(data.slice(MARK.length)) : undefined;
}

function markers(root: Node): Comment[] {
  const out: Comment[] = [];
  const walker = (root.ownerDocument ?? (root as Document)).createTreeWalker(root, SHOW_COMMENT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) if (markerIndex(node) !== undefined) out.push(node as Comment);
  return out;
}

/** Takes a text cut's marker out, with `text` in its place; the split around it is joined again. */
function unmark(marker: Comment, text = ''): void {
  const prev = marker.previousSibling;
  const next = marker.nextSibling;
  if (prev?.nodeType === TEXT && next?.nodeType === TEXT) {
    (prev as Text).data += text + (next as Text).data;
    next.remove();
    marker.remove();
  } else if (text) marker.replaceWith(marker.ownerDocument.createTextNode(text));
  else marker.remove();
}

/**
 * Ends the record: returns what `rebuild` needs (undefined when nothing restorable was removed)
 * and leaves the body as if no marker had been there.
 */
export function finishRemovals(removed: Removal[]): Restorable | undefined {
  const log = logs.get(removed);
  logs.delete(removed);
  if (!log?.content) return undefined;
  // Containers alone (emptied blocks) cannot be asked for: no copy of the body is worth making then.
  const template = log.parts.some((p) => p.id) ? (log.content.cloneNode(true) as Element) : undefined;
  for (const marker of log.parts.length ? markers(log.content) : []) {
    const part = log.parts[markerIndex(marker)!];
    // Only a text cut splits a text node; a removed element leaves its neighbours as they were.
    if (part?.text !== undefined) unmark(marker);
    else marker.remove();
  }
  if (template) return { template, parts: log.parts, anchored: log.anchored };
  // Pre-clean's parts go back after their neighbours in the finished body, which needs no markers.
  return log.anchored.length ? { template: log.content, parts: [], anchored: log.anchored } : undefined;
}

/**
 * Which parts come back for the requested ids: those parts, and every part they stood inside
 * (a restored QR code inside an emptied paragraph brings the paragraph back, empty of the rest).
 */
function wantedParts(restorable: Restorable, ids: ReadonlySet<string>): Set<number> {
  const parent = new Map<number, number>();
  restorable.parts.forEach((part, i) => {
    if (part.node) for (const m of markers(part.node)) parent.set(markerIndex(m)!, i);
  });
  const wanted = new Set<number>();
  restorable.parts.forEach((part, i) => {
    if (!part.id || !ids.has(part.id)) return;
    for (let p: number | undefined = i; p !== undefined && !wanted.has(p); p = parent.get(p)) wanted.add(p);
  });
  return wanted;
}

function resolve(root: Node, restorable: Restorable, wanted: Set<number>, doc: Document): void {
  for (const marker of markers(root)) {
    const index = markerIndex(marker)!;
    const part = restorable.parts[index];
    if (!part || !wanted.has(index)) {
      if (part?.text !== undefined) unmark(marker);
      else marker.remove();
    } else if (part.text !== undefined) {
      unmark(marker, part.text);
    } else if (part.node) {
      const copy = doc.importNode(part.node, true);
      resolve(copy, restorable, wanted, doc);
      marker.replaceWith(copy);
    }
  }
}

/**
 * The body with the parts of `ids` back at their places, built in `doc` (give it an inert
 * document: a restored tracking image must not be requested). Also says which ids came back,
 * the requested ones and those they stood inside.
 */
export function rebuild(restorable: Restorable, ids: Iterable<string>, doc: Document): { root: Element; restored: string[] } {
  const wanted = wantedParts(restorable, new Set(ids));
  const root = doc.importNode(restorable.template, true);
  resolve(root, restorable, wanted, doc);
  const restored = [...wanted].map((i) => restorable.parts[i]?.id).filter((id): id is string => !!id);
  const wantedIds = new Set(ids);
  for (const part of restorable.anchored) {
    if (!part.id || !part.node || !wantedIds.has(part.id)) continue;
    placeAfterNeighbour(root, doc.importNode(part.node, true), neighbourText(part));
    restored.push(part.id);
  }
  return { root, restored: [...new Set(restored)] };
}

/** The text just before a pre-clean part on the page: its previous siblings', else its ancestors'. */
function neighbourText(part: Part): string {
  for (let node: Node | null | undefined = part.prev, parent = part.parent; node || parent; ) {
    if (!node) {
      node = parent?.previousSibling;
      parent = parent?.parentNode;
      continue;
    }
    const text = compact(node.textContent);
    if (text) return text.slice(-30);
    node = node.previousSibling;
  }
  return '';
}

/** After the innermost block of `root` whose text holds `anchor`; at the start when none does. */
function placeAfterNeighbour(root: Element, node: Node, anchor: string): void {
  let best: Element | undefined;
  if (anchor) {
    const walker = root.ownerDocument.createTreeWalker(root, 1 /* NodeFilter.SHOW_ELEMENT */);
    for (let el = walker.nextNode() as Element | null; el; el = walker.nextNode() as Element | null) {
      if (isBlock(el) && compact(el.textContent).includes(anchor)) best = el;
    }
  }
  if (best) best.after(node);
  else root.prepend(node);
}

function siteMatches(site: string, host: string): boolean {
  const s = site.toLowerCase().replace(/^www\./, '');
  const h = host.toLowerCase();
  return h === s || h.endsWith(`.${s}`);
}

/** The exceptions that apply on this page, as the `keep` answer `recordRemovals` takes. */
export function exceptionMatcher(exceptions: RemovalException[], pageUrl: string, compile: (p: string) => RegExp | null): (entry: Entry) => boolean {
  let host = '';
  try {
    host = new URL(pageUrl).hostname;
  } catch {
    return () => false;
  }
  const here = exceptions.filter((e) => siteMatches(e.site, host));
  if (!here.length) return () => false;
  const tests = here.map((e) => {
    if (/^\/.+\/[a-z]*$/s.test(e.text)) {
      const re = compile(e.text);
      return (what: string) => !!re && re.test(what);
    }
    const want = squash(e.text);
    return (what: string) => what === want;
  });
  return (entry) => {
    const what = squash(entry.text || entry.src);
    return what !== '' && tests.some((test) => test(what));
  };
}

/** The site an exception made on this page is saved under: the host without `www.`. */
export function exceptionSite(pageUrl: string): string {
  try {
    return new URL(pageUrl).hostname.replace(/^www\./, '');
  } catch {
    return '';
  }
}
