/**
 * The sites, in order: the one list everything that names a host is derived from (the manifest's
 * host permissions and content-script matches, the optional image hosts, the default enabled
 * sites, the e2e fixture server's mapped hosts). A site is its folder `utils/sites/<id>/` and one
 * line below; `npm run new-site <id> <host>` writes both. Pure data: WXT imports this at build time.
 */
import { generic } from './generic/rule';
import { qilu } from './qilu/rule';
import { qutoutiao } from './qutoutiao/rule';
import type { RepostPart, SiteRule } from './types';

/** Ordered: the first rule whose host matches serves the page; `generic` serves the rest. */
export const SITE_RULES: readonly SiteRule[] = [
  qutoutiao,
  qilu,
];

/** What serves a page no rule names. Not in SITE_RULES: it has no hosts and cannot be switched off. */
export const FALLBACK_RULE: SiteRule = generic;

/** The settings' default `sites`: every named site on. */
export const DEFAULT_SITE_IDS: readonly string[] = SITE_RULES.map((r) => r.id);

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
  return id === FALLBACK_RULE.id ? FALLBACK_RULE : SITE_RULES.find((r) => r.id === id);
}

const REPOST_PARTS: readonly RepostPart[] = ['clean', 'lazyImageAttrs', 'promo', 'footers'];
const repostViews = new WeakMap<SiteRule, SiteRule>();

/** The rule as it cleans a repost: only the parts its `reposts.applies` names (the rule itself when all). */
function repostView(rule: SiteRule): SiteRule {
  const applies = new Set(rule.reposts?.applies ?? []);
  if (REPOST_PARTS.every((p) => applies.has(p))) return rule;
  let view = repostViews.get(rule);
  if (!view) {
    view = {
      ...rule,
      clean: applies.has('clean') ? rule.clean : [],
      lazyImageAttrs: applies.has('lazyImageAttrs') ? rule.lazyImageAttrs : [],
      promo: applies.has('promo') ? rule.promo : [],
      footers: applies.has('footers') ? rule.footers : [],
      dropConsentBanners: false,
    };
    repostViews.set(rule, view);
  }
  return view;
}

/**
 * The other sites whose reposts `text` (the serving rule's content root) carries, as they clean
 * it, in registry order. A site switched off in `enabled` cleans nothing, here as on its own pages.
 */
export function repostRules(serving: SiteRule, text: string, enabled: Record<string, boolean> = {}, rules: readonly SiteRule[] = SITE_RULES): SiteRule[] {
  return rules.filter((r) => r !== serving && enabled[r.id] !== false && r.reposts?.detect.some((re) => re.test(text))).map(repostView);
}

/** The manifest's host permissions and the content scripts' `matches`: every host of every rule, http and https. */
export function contentScriptMatches(): string[] {
  return SITE_RULES.flatMap((r) => r.hosts.flatMap((h) => ['http', 'https'].map((s) => `${s}://${h}/*`)));
}

/** Optional host permissions for saving images, one per image host of any rule, sorted and once each. */
export function imageHostPermissions(): string[] {
  return [...new Set(SITE_RULES.flatMap((r) => r.imageHosts))].sort().map((h) => `*://${h}/*`);
}

/** Every host pattern a named site's article touches: its pages and its images. */
export function siteHostPatterns(): string[] {
  return [...new Set(SITE_RULES.flatMap((r) => [...r.hosts, ...r.imageHosts]))];
}
