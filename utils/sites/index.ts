import { generic } from './generic';
import { qilu } from './qilu';
import { qutoutiao } from './qutoutiao';
import type { SiteRule } from './types';

export type { SiteRule } from './types';
export { generic, qilu, qutoutiao };

/** Ordered: the first rule whose host matches serves the page; `generic` serves the rest. */
export const SITE_RULES: readonly SiteRule[] = [qutoutiao, qilu];

export function hostMatches(pattern: string, host: string): boolean {
  const h = host.toLowerCase();
  if (pattern.startsWith('*.')) {
    const domain = pattern.slice(2);
    return h === domain || h.endsWith(`.${domain}`);
  }
  return h === pattern;
}

export function ruleForHost(host: string, enabled: Record<string, boolean> = {}): SiteRule | undefined {
  return SITE_RULES.find((r) => enabled[r.id] !== false && r.hosts.some((p) => hostMatches(p, host)));
}

export function ruleById(id: string): SiteRule | undefined {
  return id === generic.id ? generic : SITE_RULES.find((r) => r.id === id);
}

/** The content script's `matches`, derived from the registry so the two never drift apart. */
export function contentScriptMatches(): string[] {
  return SITE_RULES.flatMap((r) => r.hosts.flatMap((h) => ['http', 'https'].map((s) => `${s}://${h}/*`)));
}
