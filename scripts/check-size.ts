/**
 * `npm run check:size [-- --update]`
 * Gzip size of every bundle in the builds (.output/chrome-mv3, and .output/firefox-mv2 when it
 * exists). What the manifest's content scripts inject on page load must stay within 10 KB gzip;
 * every other bundle within its budget in scripts/size-budget.json (set at the size of the day
 * + 10%). `--update` rewrites the budgets on purpose, like golden files. Prints every size.
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';

export const PAGE_LOAD_LIMIT = 10 * 1024;
/**
 * What each extension page downloads in all (its own chunk, every shared chunk it imports, its
 * CSS), in bytes of gzip. A page's own file can stay tiny while a shared chunk grows: the popup
 * once loaded the whole pipeline through one small helper, and a per-file budget never saw it.
 */
export const PAGE_LIMITS: Record<string, number> = { 'popup.html': 25 * 1024, 'options.html': 30 * 1024 };
const BUDGET_FILE = join(import.meta.dirname, 'size-budget.json');
const TARGETS = ['chrome-mv3', 'firefox-mv2'];
const HEADROOM = 1.1;

type Budgets = Record<string, Record<string, number>>;

export const gzipSize = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length;

/** `chunks/storage-D7ZvrYKJ.js` → `chunks/storage.js`: budgets outlive content hashes. */
export function bundleName(path: string): string {
  return path.split('\\').join('/').replace(/-[A-Za-z0-9_-]{8}(\.(?:js|css))$/, '$1');
}

function listBundles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return listBundles(path);
    return /\.(js|css|html)$/.test(name) ? [path] : [];
  });
}

/** Files an ES module pulls in statically (`import … from "./x.js"`, `import "./x.js"`), resolved against it. */
function staticImports(dir: string, file: string): string[] {
  const code = readFileSync(join(dir, file), 'utf8');
  const base = file.includes('/') ? file.slice(0, file.lastIndexOf('/') + 1) : '';
  const found = [...code.matchAll(/(?:\bfrom|\bimport)\s*["']([^"']+\.js)["']/g)].map((m) => m[1] as string);
  return found.map((spec) => (spec.startsWith('/') ? spec.slice(1) : join(base, spec).split('\\').join('/')));
}

/** Everything an HTML page loads before it runs: its scripts, preloads, styles, and their static imports. */
export function pageFiles(dir: string, html: string): string[] {
  const text = readFileSync(join(dir, html), 'utf8');
  const roots = [...text.matchAll(/<(?:script|link)\b[^>]*?(?:src|href)="\/?([^"]+\.(?:js|css))"/g)].map((m) => m[1] as string);
  const seen = new Set<string>();
  const queue = [...roots];
  while (queue.length) {
    const file = queue.shift() as string;
    if (seen.has(file) || !existsSync(join(dir, file))) continue;
    seen.add(file);
    if (file.endsWith('.js')) queue.push(...staticImports(dir, file));
  }
  return [...seen].sort();
}

export interface SizeReport {
  lines: string[];
  failures: string[];
  measured: Budgets;
}

export function checkSizes(outDir: string, budgets: Budgets): SizeReport {
  const lines: string[] = [];
  const failures: string[] = [];
  const measured: Budgets = {};
  for (const target of TARGETS) {
    const dir = join(outDir, target);
    if (!existsSync(join(dir, 'manifest.json'))) continue;
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { content_scripts?: { js?: string[]; css?: string[] }[] };
    const sizes = Object.fromEntries(listBundles(dir).map((f) => [bundleName(relative(dir, f)), gzipSize(f)] as const));
    measured[target] = sizes;
    lines.push(`${target}:`);
    for (const [name, size] of Object.entries(sizes).sort()) {
      const budget = budgets[target]?.[name];
      const status = budget === undefined ? 'no budget' : size > budget ? `OVER budget ${budget}` : `budget ${budget}`;
      lines.push(`  ${name.padEnd(40)} ${String(size).padStart(8)} B gzip  (${status})`);
      if (budget === undefined) failures.push(`${target}/${name}: no budget in scripts/size-budget.json (run npm run check:size -- --update on purpose)`);
      else if (size > budget) failures.push(`${target}/${name}: ${size} B gzip, over its budget of ${budget} B`);
    }
    for (const name of Object.keys(budgets[target] ?? {})) if (!(name in sizes)) lines.push(`  ${name.padEnd(40)}     gone  (budget left in the file)`);
    // Everything the browser injects with the page, before the user asks for anything.
    const onLoad = [...new Set((manifest.content_scripts ?? []).flatMap((cs) => [...(cs.js ?? []), ...(cs.css ?? [])]))];
    const onLoadSize = onLoad.reduce((n, f) => n + gzipSize(join(dir, f)), 0);
    lines.push(`  injected on page load: ${onLoad.join(' + ') || 'nothing'} = ${onLoadSize} B gzip (limit ${PAGE_LOAD_LIMIT})`);
    if (onLoadSize > PAGE_LOAD_LIMIT) failures.push(`${target}: content scripts injected on page load are ${onLoadSize} B gzip, over ${PAGE_LOAD_LIMIT} B`);
    for (const [page, limit] of Object.entries(PAGE_LIMITS)) {
      if (!existsSync(join(dir, page))) continue;
      const files = pageFiles(dir, page);
      const total = files.reduce((n, f) => n + gzipSize(join(dir, f)), 0);
      lines.push(`  ${page} loads ${files.map(bundleName).join(' + ')} = ${total} B gzip (limit ${limit})`);
      if (total > limit) failures.push(`${target}: ${page} loads ${total} B gzip in all, over ${limit} B`);
    }
  }
  return { lines, failures, measured };
}

function main(): number {
  const { values } = parseArgs({ options: { update: { type: 'boolean', default: false }, out: { type: 'string', default: '.output' } } });
  const outDir = values.out as string;
  if (!existsSync(join(outDir, 'chrome-mv3', 'manifest.json'))) {
    process.stderr.write(`check:size: no build in ${outDir}/chrome-mv3: run npx wxt build (and npx wxt build -b firefox) first\n`);
    return 1;
  }
  const budgets: Budgets = existsSync(BUDGET_FILE) ? (JSON.parse(readFileSync(BUDGET_FILE, 'utf8')) as Budgets) : {};
  const report = checkSizes(outDir, budgets);
  if (values.update) {
    const next: Budgets = {};
    for (const [target, sizes] of Object.entries(report.measured)) {
      next[target] = Object.fromEntries(Object.entries(sizes).sort().map(([name, size]) => [name, Math.ceil(size * HEADROOM)]));
    }
    writeFileSync(BUDGET_FILE, `${JSON.stringify(next, null, 2)}\n`);
    process.stdout.write(`${report.lines.join('\n')}\ncheck:size: budgets rewritten at today's size + 10% in ${relative(process.cwd(), BUDGET_FILE)}\n`);
    return report.failures.some((f) => f.includes('page load') || f.includes(' in all,')) ? 1 : 0;
  }
  process.stdout.write(`${report.lines.join('\n')}\n`);
  if (report.failures.length) {
    process.stderr.write(`check:size: ${report.failures.length} failure${report.failures.length > 1 ? 's' : ''}\n${report.failures.map((f) => `  ${f}`).join('\n')}\n`);
    return 1;
  }
  process.stdout.write('check:size: ok\n');
  return 0;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop() ?? '')) process.exitCode = main();
