/**
 * `npm run bench:batch`: figures for the batch CLI, never a gate.
 * - saved pages: the fixture pages copied to at least 2,000 distinct articles on disk, clipped
 *   with `--out` at `--jobs 1` and `--jobs 2`: pages per second, peak RSS, RSS along the run;
 * - re-clean: the archive posts of tests/fixtures/blog/corpus repeated to 20,000, `--reclean --out`.
 * Each run is the real CLI in its own process; RSS is sampled from /proc (workers are threads).
 * `BENCH_PAGES` / `BENCH_POSTS` change the counts.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const PAGES = Number(process.env.BENCH_PAGES ?? 2000);
const POSTS = Number(process.env.BENCH_POSTS ?? 20000);

function rssKb(pid: number): number {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** Runs the CLI; wall time, peak RSS, and RSS at each quarter of the items (from the progress lines). */
async function run(args: string[], total: number): Promise<{ seconds: number; peakMb: number; quarters: number[]; code: number | null; tail: string }> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'clip.ts'), ...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  let peak = 0;
  let done = 0;
  const quarters: number[] = [];
  let tail = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    tail = (tail + chunk).slice(-2000);
    done += (chunk.match(/^\[\d+\/\d+\]/gm) ?? []).length;
    while (quarters.length < 4 && done >= ((quarters.length + 1) * total) / 4) quarters.push(Math.round(rssKb(child.pid as number) / 1024));
  });
  const timer = setInterval(() => (peak = Math.max(peak, rssKb(child.pid as number))), 100);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  clearInterval(timer);
  return { seconds: (performance.now() - started) / 1000, peakMb: Math.round(peak / 1024), quarters, code, tail };
}

/** Distinct articles from the fixture pages: each copy gets its own URL and title. */
function makePages(dir: string): string[] {
  const src = join(ROOT, 'tests', 'fixtures', 'pages');
  const pages = readdirSync(src).filter((f) => f.endsWith('.html'));
  const files: string[] = [];
  for (let i = 0; files.length < PAGES; i++) {
    const name = pages[i % pages.length] as string;
    const expected = JSON.parse(readFileSync(join(src, name.replace('.html', '.expected.json')), 'utf8')) as { url: string; title: string };
    const copy = Math.floor(i / pages.length);
    let html = readFileSync(join(src, name), 'utf8');
    // The article id (Qutoutiao's content_id, Qilu's page id) and the title make the identity.
    const id = /(\d{6,})(?=\.html)/.exec(new URL(expected.url).pathname)?.[1];
    if (id && copy) html = html.replaceAll(id, `${id}${String(copy).padStart(3, '0')}`);
    if (copy) html = html.replaceAll(expected.title, `${expected.title} ${copy}`);
    const file = join(dir, `${copy}-${name}`);
    writeFileSync(file, html);
    files.push(file);
  }
  return files;
}

function makePosts(dir: string): void {
  const src = join(ROOT, 'tests', 'fixtures', 'blog', 'corpus');
  const posts = readdirSync(src).filter((f) => f.endsWith('.md'));
  const texts = posts.map((f) => readFileSync(join(src, f), 'utf8'));
  for (let i = 0; i < POSTS; i++) {
    const sub = join(dir, String(Math.floor(i / 1000)));
    if (i % 1000 === 0) mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, `${i}-${posts[i % posts.length]}`), texts[i % texts.length] as string);
  }
}

async function main() {
  const work = mkdtempSync(join(tmpdir(), 'bench-batch-'));
  console.log(`bench:batch  (load average before: ${loadavg().map((l) => l.toFixed(1)).join(' ')})`);
  try {
    const pagesDir = join(work, 'pages');
    mkdirSync(pagesDir);
    const files = PAGES > 0 ? makePages(pagesDir) : [];
    const list = join(work, 'pages.txt');
    writeFileSync(list, files.join('\n'));
    console.log(`\nsaved pages: ${files.length} pages from disk, --out, remote images`);
    for (const jobs of files.length ? [1, 2] : []) {
      const out = join(work, `out-${jobs}`);
      const r = await run(['--out', out, '--jobs', String(jobs), ...files], files.length);
      const written = readdirSync(out).filter((f) => f.endsWith('.md')).length;
      console.log(
        `  --jobs ${jobs}: ${r.seconds.toFixed(1)} s, ${(files.length / r.seconds).toFixed(1)} pages/s (start-up included), ` +
          `peak RSS ${r.peakMb} MB, RSS at 25/50/75/100 %: ${r.quarters.join(' / ')} MB, ${written} posts written, exit ${r.code}`,
      );
      if (r.code !== 0) console.log(r.tail);
    }

    const postsDir = join(work, 'archive');
    makePosts(postsDir);
    console.log(`\nre-clean: ${POSTS} archive posts, --reclean --out`);
    for (const jobs of [2]) {
      const out = join(work, `reclean-${jobs}`);
      const r = await run(['--reclean', postsDir, '--out', out, '--jobs', String(jobs)], POSTS);
      console.log(`  --jobs ${jobs}: ${r.seconds.toFixed(1)} s (${(POSTS / r.seconds).toFixed(0)} posts/s), peak RSS ${r.peakMb} MB, exit ${r.code}`);
      console.log(r.code === 0 ? `  ${r.tail.trim().split('\n').pop()}` : r.tail);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
    console.log(`\n(load average after: ${loadavg().map((l) => l.toFixed(1)).join(' ')}; the machine is shared, so figures vary with it)`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
