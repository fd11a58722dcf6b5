/** Which site rules serve a page: the host's rule (or generic), plus rules whose reposts it carries. */
import { generic, repostRules, ruleForHost } from '../sites';
import { findContentRoot } from '../sites/page';
import type { SiteRule } from '../sites/types';

export interface Detection {
  rule: SiteRule;
  /** Rules whose cleaning applies, host rule first (a Qilu repost on Qutoutiao: qutoutiao, qilu). */
  rules: SiteRule[];
  contentRoot: Element | null;
}

/** Which rules serve this page. `enabled` switches site rules off (the options page). */
export function detect(doc: Document, url: URL, enabled: Record<string, boolean> = {}): Detection {
  const rule = ruleForHost(url.hostname, enabled) ?? generic;
  const contentRoot = rule === generic ? null : findContentRoot(doc, rule);
  const rules = [rule, ...repostRules(rule, (contentRoot ?? doc.body)?.textContent ?? '', enabled)];
  return { rule, rules, contentRoot };
}
