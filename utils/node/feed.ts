/** RSS 2.0 and Atom feeds as RSSHub writes them (`/qutoutiao/category/:cid`): one item per article. */
import { XMLParser } from 'fast-xml-parser';

export interface FeedItem {
  link: string;
  title?: string;
  /** The item's date, when it has one that parses. */
  date?: Date;
  /** The description (RSS) or content/summary (Atom) HTML. */
  html?: string;
}

export class FeedError extends Error {}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  // Titles like "2021" must stay text, and entity-laden HTML must come through as written.
  parseTagValue: false,
  trimValues: true,
  processEntities: true,
  htmlEntities: true,
  isArray: (name) => name === 'item' || name === 'entry' || name === 'link',
});

const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** A text node, a CDATA section or `{ '#text': … }` with attributes. */
function text(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string' || typeof v === 'number') return String(v).trim() || undefined;
  if (typeof v === 'object' && '#text' in (v as object)) return text((v as Record<string, unknown>)['#text']);
  return undefined;
}

function date(v: unknown): Date | undefined {
  const raw = text(v);
  if (!raw) return undefined;
  const d = new Date(raw);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

function atomLink(links: unknown[]): string | undefined {
  const objs = links.map((l) => (typeof l === 'object' && l ? (l as Record<string, string>) : { '@href': String(l) }));
  const alternate = objs.find((l) => !l['@rel'] || l['@rel'] === 'alternate') ?? objs[0];
  return alternate?.['@href']?.trim() || undefined;
}

export function parseFeed(xml: string): FeedItem[] {
  // fast-xml-parser's tree is untyped; every field read below goes through text()/list().
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let doc: Record<string, any>;
  try {
    doc = parser.parse(xml);
  } catch (e) {
    throw new FeedError(`not a feed: ${(e as Error).message}`);
  }
  if (doc.rss?.channel) {
    const channel = Array.isArray(doc.rss.channel) ? doc.rss.channel[0] : doc.rss.channel;
    return list(channel.item).flatMap((item: Record<string, unknown>) => {
      // A guid stands in for a missing link only when it is a URL.
      const guid = text(item.guid);
      const link = text(list(item.link)[0]) ?? (guid && /^https?:\/\//.test(guid) ? guid : undefined);
      if (!link) return [];
      return [{ link, title: text(item.title), date: date(item.pubDate ?? item['dc:date']), html: text(item['content:encoded']) ?? text(item.description) }];
    });
  }
  if (doc.feed) {
    return list(doc.feed.entry).flatMap((entry: Record<string, unknown>) => {
      const link = atomLink(list(entry.link));
      if (!link) return [];
      return [{ link, title: text(entry.title), date: date(entry.published ?? entry.updated), html: text(entry.content) ?? text(entry.summary) }];
    });
  }
  throw new FeedError('not an RSS 2.0 or Atom feed');
}
