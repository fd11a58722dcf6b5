/** Which site rules serve a page: the host's rule (or generic), plus rules whose signature its text carries. */
import { generic, ruleForHost, SITE_RULES } from '../sites';
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
  const rules = [rule];
  const text = (contentRoot ?? doc.body)?.textContent ?? '';
  for (const other of SITE_RULES) {
    if (other === rule || enabled[other.id] === false || !other.signature) continue;
    if (other.signature.text.some((re) => re.test(text))) rules.push(other);
  }
  return { rule, rules, contentRoot };
}
