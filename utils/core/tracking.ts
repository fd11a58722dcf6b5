import { elementsByTag } from './text';
import { removeNode } from './removals';
import type { Removal } from './types';

const BEACON_HOST = /^(stats?|logs?|report|track(ing)?|analytics|beacon|pixel|pv|collect|hm|click|count(er)?)\d*\./i;
const BEACON_PATH = /\/(r|pv|p|b|t|e|i|pixel|beacon|track|collect|log|count|stat|c)\.(gif|png)$/i;

function px(value: string | null | undefined): number | undefined {
  if (value == null || value === '') return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(px)?\s*$/i.exec(value);
  return m ? Number(m[1]) : undefined;
}

function styleValue(style: string, prop: string): string | undefined {
  const m = new RegExp(`(?:^|;)\\s*${prop}\\s*:\\s*([^;]+)`, 'i').exec(style);
  return m?.[1]?.trim();
}

export type TrackingKind = 'pixel' | 'hidden' | 'beacon-host' | 'beacon';

const LABELS: Record<TrackingKind, string> = { pixel: '1×1 pixel', hidden: 'hidden image', 'beacon-host': 'beacon host', beacon: 'beacon' };

/** What kind of tracker an image is rather than part of the article, or null when it is content. */
export function trackingKind(img: Element, baseUrl?: string): TrackingKind | null {
  const style = img.getAttribute('style') ?? '';
  const w = px(img.getAttribute('width')) ?? px(styleValue(style, 'width'));
  const h = px(img.getAttribute('height')) ?? px(styleValue(style, 'height'));
  if (w !== undefined && h !== undefined && w <= 2 && h <= 2) return 'pixel';
  const size = /^\s*(\d+)\s*[,x×]\s*(\d+)\s*$/.exec(img.getAttribute('data-size') ?? '');
  if (size && Number(size[1]) <= 2 && Number(size[2]) <= 2) return 'pixel';
  if (img.hasAttribute('hidden') || /display\s*:\s*none|visibility\s*:\s*hidden/i.test(style)) return 'hidden';
  const src = img.getAttribute('src') || img.getAttribute('data-src') || '';
  if (!src) return null;
  let url: URL;
  try {
    url = new URL(src, baseUrl);
  } catch {
    return null;
  }
  if (BEACON_HOST.test(url.hostname)) return 'beacon-host';
  if (BEACON_PATH.test(url.pathname) && url.search.length > 1) return 'beacon';
  return null;
}

/** The same answer in English words (`1×1 pixel`), as logs and tests read it. */
export function trackingReason(img: Element, baseUrl?: string): string | null {
  const kind = trackingKind(img, baseUrl);
  return kind && LABELS[kind];
}

/** The record of a removed tracking image. */
export function trackingRemoval(kind: TrackingKind, src: string, step: Removal['step'] = 'tracking'): Omit<Removal, 'id'> {
  return { step, code: 'tracking-image', params: { kind }, reason: `tracking image (${LABELS[kind]})`, src };
}

/** Removes tracking images under `root`, recording each. */
export function removeTrackingImages(root: Element | Document, removed: Removal[], step: Removal['step'] = 'tracking', baseUrl?: string): void {
  for (const img of elementsByTag(root, 'img')) {
    const kind = trackingKind(img, baseUrl);
    if (kind) removeNode(removed, img, trackingRemoval(kind, img.getAttribute('src') || img.getAttribute('data-src') || '', step));
  }
}
