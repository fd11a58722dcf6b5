/**
 * The page-side half of both drivers: one selector language (` >>> ` steps into an open shadow
 * root) with the same meaning in Chromium and Firefox. `domQuery` is evaluated in the page, so it
 * is self-contained.
 */

export type DomQuery =
  | { op: 'text' | 'count' | 'value'; selector: string }
  | { op: 'attr'; selector: string; name: string }
  | { op: 'fill'; selector: string; value: string };

export function domQuery(q: DomQuery): string | number | null {
  const steps = q.selector.split(' >>> ');
  let scopes: ParentNode[] = [document];
  let found: Element[] = [];
  for (const step of steps) {
    found = scopes.flatMap((s) => Array.from(s.querySelectorAll(step)));
    scopes = found.map((el) => el.shadowRoot ?? el);
  }
  if (q.op === 'count') return found.length;
  const el = found[0];
  if (!el) throw new Error(`no element for ${q.selector}`);
  if (q.op === 'text') return (el as HTMLElement).innerText;
  if (q.op === 'value') return (el as HTMLInputElement).value;
  if (q.op === 'attr') return el.getAttribute(q.name);
  if (q.op !== 'fill') return null;
  const input = el as HTMLInputElement;
  input.value = q.value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  input.dispatchEvent(new Event('change', { bubbles: true }));
  return null;
}

/** Polls `probe` until it is true or `ms` pass; throws with `what` on timeout. */
export async function until(probe: () => Promise<boolean>, what: string, ms = 10000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await probe().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
