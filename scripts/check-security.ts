/**
 * `npm run check:security [-- --root DIR] [--manifest FILE]`
 * Fails (exit 1, listing what and where) when the built MV3 manifest loosens the default CSP,
 * allows remote scripts or asks for broad permissions, and when a built script is one Chrome
 * would refuse to inject. The source rules (no HTML sinks outside `utils/core/sanitize.ts`, no
 * eval, no `adoptNode`, nothing bundled importing `utils/node/`) are ESLint's: see
 * `eslint.config.js`, run by `npm run lint`.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name.startsWith('.')) return [];
    if (statSync(path).isDirectory()) return listFiles(path);
    return /\.(m?js|html)$/.test(name) ? [path] : [];
  });
}

const BROAD_PERMISSIONS = ['<all_urls>', 'tabs', 'webRequest', 'webRequestBlocking', 'cookies', 'debugger', 'management', 'nativeMessaging', 'history'];
const BROAD_HOSTS = /^(<all_urls>|\*:\/\/\*\/\*|https?:\/\/\*\/\*|\*:\/\/\*\/|file:\/\/\/?\*)$/;
/** What MV3's default `script-src 'self' 'wasm-unsafe-eval'; object-src 'self'` allows, or less. */
const SAFE_SCRIPT_SOURCES = new Set(["'self'", "'wasm-unsafe-eval'", "'none'"]);

function checkCsp(csp: string, where: string, findings: string[]): void {
  for (const directive of csp.split(';').map((d) => d.trim()).filter(Boolean)) {
    const [name, ...sources] = directive.split(/\s+/);
    if (!['script-src', 'script-src-elem', 'object-src', 'worker-src', 'default-src'].includes(name!)) continue;
    for (const source of sources) {
      if (!SAFE_SCRIPT_SOURCES.has(source)) findings.push(`${where}: ${name} allows ${source} (MV3's default allows only 'self' and 'wasm-unsafe-eval')`);
    }
  }
}

export function checkManifest(file: string): string[] {
  const findings: string[] = [];
  const where = file;
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  if (manifest.manifest_version !== 3) findings.push(`${where}: manifest_version is ${String(manifest.manifest_version)}, not 3`);
  const csp = manifest.content_security_policy;
  if (typeof csp === 'string') findings.push(`${where}: content_security_policy is an MV2 string`);
  else if (csp && typeof csp === 'object') {
    for (const [key, value] of Object.entries(csp as Record<string, unknown>)) {
      if (key === 'extension_pages' && typeof value === 'string') checkCsp(value, `${where}: content_security_policy.extension_pages`, findings);
    }
  }
  for (const key of ['permissions', 'optional_permissions'] as const) {
    for (const p of (manifest[key] as string[] | undefined) ?? []) {
      if (BROAD_PERMISSIONS.includes(p) || BROAD_HOSTS.test(p)) findings.push(`${where}: ${key} asks for ${p}`);
    }
  }
  for (const key of ['host_permissions', 'optional_host_permissions'] as const) {
    for (const p of (manifest[key] as string[] | undefined) ?? []) if (BROAD_HOSTS.test(p)) findings.push(`${where}: ${key} asks for ${p}`);
  }
  for (const cs of (manifest.content_scripts as { matches?: string[] }[] | undefined) ?? []) {
    for (const m of cs.matches ?? []) if (BROAD_HOSTS.test(m)) findings.push(`${where}: a content script runs on ${m}`);
  }
  return findings;
}

/**
 * Chrome injects a script only if it is UTF-8 without noncharacters (U+FDD0–U+FDEF, U+xFFFE/F) or
 * lone surrogates; otherwise `scripting.executeScript` fails with "isn't UTF-8 encoded" and the
 * reader never opens. A bundler writes such a string literal out raw.
 */
const NOT_LOADABLE = /[\ufdd0-\ufdef\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]|[\ud83f\ud87f\ud8bf\ud8ff\ud93f\ud97f\ud9bf\ud9ff\uda3f\uda7f\udabf\udaff\udb3f\udb7f\udbbf\udbff][\udffe\udfff]/;

export function scanBuild(dir: string): string[] {
  const findings: string[] = [];
  for (const file of listFiles(dir).filter((f) => f.endsWith('.js'))) {
    const bytes = readFileSync(file);
    const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
    const at = text.includes('\ufffd') && !bytes.includes(Buffer.from('\ufffd')) ? text.indexOf('\ufffd') : text.search(NOT_LOADABLE);
    if (at >= 0) findings.push(`${relative(process.cwd(), file)}: not loadable as UTF-8 by Chrome (a noncharacter or broken byte at offset ${at}): write it as an escape the bundler cannot fold`);
  }
  for (const file of listFiles(dir).filter((f) => f.endsWith('.html'))) {
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (/<script\b[^>]*\bsrc\s*=\s*["']?(?:https?:)?\/\//i.test(line)) findings.push(`${relative(process.cwd(), file)}:${i + 1}: remote script`);
      });
  }
  return findings;
}

export function checkSecurity(root: string, manifest?: string): string[] {
  const findings: string[] = [];
  const built = manifest ?? join(root, '.output', 'chrome-mv3', 'manifest.json');
  if (existsSync(built)) {
    findings.push(...checkManifest(built));
    findings.push(...scanBuild(join(built, '..')));
  }
  return findings;
}

function main(): number {
  const { values } = parseArgs({ options: { root: { type: 'string', default: '.' }, manifest: { type: 'string' } } });
  const root = resolve(values.root as string);
  const findings = checkSecurity(root, values.manifest);
  const manifest = values.manifest ?? join(root, '.output', 'chrome-mv3', 'manifest.json');
  if (findings.length) {
    process.stderr.write(`check:security: ${findings.length} finding${findings.length > 1 ? 's' : ''}\n${findings.map((f) => `  ${f}`).join('\n')}\n`);
    return 1;
  }
  process.stdout.write(
    `check:security: ok (${existsSync(manifest) ? `${relative(root, manifest)} and its scripts checked` : 'no built manifest to check'}; source rules: npm run lint)\n`,
  );
  return 0;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop() ?? '')) process.exitCode = main();
