/**
 * `npm run bench:index [-- --posts N]`: how long the blog index takes on an archive the size this
 * product serves. Writes N posts (20,000 by default) made from the archive's real posts into a temp
 * blog through the Node BlogFs, then prints the first build, a rebuild from the cache, and the
 * "already saved?" lookup. Goals (issue 10): first build under 5 s, lookup under 50 ms. Figures,
 * not a test: they depend on the machine and its load.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { BlogIndex } from '../utils/blog/index';
import { articleIdentities } from '../utils/core/identity';
import { formatLocal } from '../utils/core/date';
import { NodeBlogFs } from '../utils/node/blog-fs';

const CORPUS = join(import.meta.dirname, '..', 'tests', 'fixtures', 'blog', 'corpus');
const { values } = parseArgs({ options: { posts: { type: 'string', default: '20000' }, keep: { type: 'boolean' } } });
const N = Number(values.posts);
const TZ = 'Asia/Shanghai';

const sources = readdirSync(CORPUS)
  .filter((f) => f.endsWith('.md'))
  .map((f) => readFileSync(join(CORPUS, f), 'utf8'));

/** Post `i`: a corpus post under a title and date of its own; every other one in our format with a source URL. */
function post(i: number): { path: string; text: string; title: string; date: Date; url?: string } {
  const base = sources[i % sources.length]!;
  const date = new Date(Date.UTC(2021, 0, 1) + i * 37 * 60000);
  const title = `第${i}篇 ${/^title:\s*['"]?(.*?)['"]?\s*$/m.exec(base)?.[1] ?? ''}`.replace(/['"]/g, '');
  const url = i % 2 === 0 ? `http://html2.qktoutiao.com/detail/2021/01/01/${1_000_000 + i}.html` : undefined;
  const text = url
    ? base.replace(/^title:.*$/m, `title: '${title}'`).replace(/^date:.*$/m, `date: ${formatLocal(date, TZ)}\nsource_url: ${url}`)
    : base.replace(/^title:.*$/m, `title: '${title}'`).replace(/^date:.*$/m, `date: ${date.toUTCString()}`);
  // A few hundred posts per folder, as a blog organised by month would have.
  return { path: `source/_posts/${2021 + Math.floor(i / 6000)}/${String(1 + (Math.floor(i / 500) % 12)).padStart(2, '0')}/post-${i}.md`, text, title, date, url };
}

const ms = (t: number) => `${t.toFixed(0)} ms`;

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'bench-index-'));
  const fs = new NodeBlogFs(dir);
  await fs.writeFile('_config.yml', `title: bench\ntimezone: ${TZ}\n`);
  let t = performance.now();
  const posts: ReturnType<typeof post>[] = [];
  let bytes = 0;
  for (let i = 0; i < N; i += 200) {
    const chunk = Array.from({ length: Math.min(200, N - i) }, (_, k) => post(i + k));
    await Promise.all(chunk.map((p) => fs.writeFile(p.path, p.text)));
    for (const p of chunk) bytes += Buffer.byteLength(p.text);
    posts.push(...chunk);
  }
  console.log(`load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} cores`);
  console.log(`wrote ${N} posts (${(bytes / 1e6).toFixed(1)} MB, from ${sources.length} archive posts) in ${ms(performance.now() - t)}: ${dir}`);

  // CPU time beside wall time: on a shared machine the wall clock mostly measures the neighbours.
  const cpu = (from: NodeJS.CpuUsage) => {
    const u = process.cpuUsage(from);
    return `${ms((u.user + u.system) / 1000)} CPU`;
  };
  t = performance.now();
  let c = process.cpuUsage();
  const first = await BlogIndex.build(fs, { dir: 'source/_posts', timezone: TZ });
  const firstMs = performance.now() - t;
  console.log(`first build:        ${ms(firstMs)} wall, ${cpu(c)}  (${first.stats.read} files read, ${first.index.size} posts indexed; goal < 5000 ms)`);

  const cache = JSON.stringify(first.index.toCache());
  t = performance.now();
  c = process.cpuUsage();
  const second = await BlogIndex.build(fs, { dir: 'source/_posts', timezone: TZ, cache: JSON.parse(cache) });
  console.log(`rebuild from cache: ${ms(performance.now() - t)} wall, ${cpu(c)}  (${second.stats.reused} reused, ${second.stats.read} read; cache ${(cache.length / 1e6).toFixed(1)} MB as JSON)`);

  // "Already saved?" as the popup asks it: the clip's identities, then a lookup.
  const probes = Array.from({ length: 1000 }, (_, k) => posts[(k * 7919) % N]!);
  t = performance.now();
  let found = 0;
  for (const p of probes) if (first.index.find(articleIdentities({ url: p.url, title: p.title, date: p.date }))) found++;
  const lookupMs = performance.now() - t;
  const missT = performance.now();
  const miss = first.index.find(articleIdentities({ url: 'https://www.ql1d.com/general/1.html', title: '不存在', date: new Date() }));
  const missMs = performance.now() - missT;
  console.log(`lookup:             ${(lookupMs / probes.length).toFixed(4)} ms each over ${probes.length} (${found} found), a miss ${missMs.toFixed(4)} ms${miss ? ' (unexpected hit)' : ''}; goal < 50 ms`);
  if (found !== probes.length) console.log(`WARNING: ${probes.length - found} saved posts were not found`);
  if (!values.keep) rmSync(dir, { recursive: true, force: true });
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
