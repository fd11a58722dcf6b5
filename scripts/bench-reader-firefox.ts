/**
 * The reader's open time in Debian's firefox-esr (`npx wxt build -b firefox` first), through the
 * e2e suite's Firefox driver: the page's marks only (Firefox's background page is not reachable
 * for its marks) and the key press as timed here. Figures only.
 *
 *   npx tsx scripts/bench-reader-firefox.ts [--runs 10]
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { firefoxDriver } from '../tests/e2e/driver/firefox';
import type { DriverPage } from '../tests/e2e/driver/types';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '10' } } });
const RUNS = Number(values.runs);
const PREFIX = 'hexo-clipper:';
const READER = 'hexo-clipper-reader >>> [data-testid="reader"]';

const marks = (page: DriverPage) =>
  page.evaluate((prefix: string) => {
    const out: Record<string, number> = {};
    for (const m of performance.getEntriesByType('mark')) if (m.name.startsWith(prefix)) out[m.name.slice(prefix.length)] = performance.timeOrigin + m.startTime;
    return out;
  }, PREFIX);

function median(xs: number[]): string {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return (s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2).toFixed(1);
}

async function main(): Promise<void> {
  const d = await firefoxDriver({ lang: 'zh-CN' });
  try {
    console.log(`firefox-esr, ${RUNS} runs; load average before: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    const total: number[] = [];
    const inPage: number[] = [];
    let unprepared = 0;
    for (let i = -1; i < RUNS; i++) {
      const page = await d.openPage('028');
      const deadline = Date.now() + 3000;
      while (!('reader-prepared' in (await marks(page))) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      if (!('reader-prepared' in (await marks(page)))) unprepared++;
      const key = Date.now();
      await d.pressShortcut(page, 'Alt+Shift+Y');
      await page.waitFor(READER, 20000);
      let m = await marks(page);
      while (!('reader-open-end' in m)) m = await marks(page);
      if (i >= 0) {
        total.push(m['reader-open-end']! - key);
        inPage.push(m['reader-open-end']! - m['reader-open-start']!);
      }
      await page.close();
    }
    if (unprepared) console.log(`${unprepared} of ${RUNS + 1} pages were not prepared within 3 s`);
    console.log(`first open on a Qutoutiao article, median ms: key → painted ${median(total)} (the key press goes through WebDriver BiDi, whose own latency is included); marks open-start → open-end ${median(inPage)}`);
    console.log(`load average after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  } finally {
    await d.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
