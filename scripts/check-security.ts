/**
 * `npm run check:security [-- --root DIR] [--manifest FILE]`
 * Fails (exit 1, listing file:line) when code in entrypoints/, components/ or utils/ turns strings
 * into DOM or code outside the one sanitizing module, and when the built MV3 manifest loosens
 * the default CSP, allows remote scripts or asks for broad permissions. Reading `.innerHTML`
 * (serialising sanitized DOM) is allowed.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';

export const SCANNED_DIRS = ['entrypoints', 'components', 'utils'];
/** The one module allowed to turn strings into DOM. */
export const SANITIZER = 'utils/core/sanitize.ts';
/**
 * Node-only code (the CLI's jsdom, the archive re-clean): it never reaches a browser, where
 * these sinks matter, as long as nothing the extension bundles imports it, which is checked.
 */
export const NODE_ONLY = 'utils/node/';
const IMPORTS_NODE_ONLY = /\bfrom\s+['"][./]*(?:utils\/)?node\/|import\s*\(\s*['"][./]*(?:utils\/)?node\//;

/** `everywhere`: the sanitizer module is held to it too. */
const RULES: { pattern: RegExp; what: string; everywhere?: boolean }[] = [
  { pattern: /\.\s*(?:innerHTML|outerHTML)\s*(?:\+|\|\||&&|\?\?)?=(?!=)/, what: 'innerHTML/outerHTML assignment' },
  { pattern: /\[\s*['"`](?:innerHTML|outerHTML)['"`]\s*\]\s*(?:\+|\|\||&&|\?\?)?=(?!=)/, what: 'innerHTML/outerHTML assignment' },
  { pattern: /\binsertAdjacentHTML\b/, what: 'insertAdjacentHTML' },
  { pattern: /\bdocument\s*\.\s*write(?:ln)?\s*\(/, what: 'document.write' },
  { pattern: /\bdangerouslySetInnerHTML\b/, what: 'dangerouslySetInnerHTML' },
  { pattern: /(?<![\w$.])eval\s*\(/, what: 'eval(' },
  { pattern: /\bnew\s+Function\s*\(/, what: 'new Function(' },
  { pattern: /\bcreateContextualFragment\s*\(/, what: 'createContextualFragment' },
  { pattern: /\bparseFromString\s*\(/, what: 'DOMParser.parseFromString' },
  // In a Chromium content script a node adopted from an inert document still runs an `on…`
  // handler whose attribute was removed there (see sanitize.ts): such nodes are copied in.
  { pattern: /\badoptNode\s*\(/, what: 'adoptNode (copy with importNode instead)', everywhere: true },
];

/**
 * Comments blanked out (line numbers kept), so prose that names a sink is not a finding. String
 * contents stay: code that builds `"innerHTML"` in a string is worth a look.
 */
export function stripComments(source: string): string {
  let out = '';
  let i = 0;
  let quote: string | null = null;
  while (i < source.length) {
    const c = source[i]!;
    const next = source[i + 1];
    if (quote) {
      out += c;
      if (c === '\\') {
        out += next ?? '';
        i += 2;
        continue;
      }
      if (c === quote) quote = null;
      i++;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') {
      quote = c;
      out += c;
      i++;
      continue;
    }
    if (c === '/' && next === '/') {
      while (i < source.length && source[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && next === '*') {
      const end = source.indexOf('*/', i + 2);
      const stop = end < 0 ? source.length : end + 2;
      out += source.slice(i, stop).replace(/[^\n]/g, ' ');
      i = stop;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

function listSources(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    // A site's fixtures (utils/sites/<id>/fixtures/) are saved pages, test data that is never bundled.
    if (name === 'node_modules' || name === 'fixtures' || name.startsWith('.')) return [];
    if (statSync(path).isDirectory()) return listSources(path);
    return /\.(m?[jt]sx?|vue|svelte|html)$/.test(name) ? [path] : [];
  });
}

export function scanSources(root: string): string[] {
  const findings: string[] = [];
  for (const dir of SCANNED_DIRS) {
    for (const file of listSources(join(root, dir))) {
      const rel = relative(root, file).split('\\').join('/');
      const nodeOnly = rel.startsWith(NODE_ONLY);
      const rules = rel === SANITIZER || nodeOnly ? RULES.filter((r) => r.everywhere) : RULES;
      const lines = stripComments(readFileSync(file, 'utf8')).split('\n');
      lines.forEach((line, i) => {
        for (const { pattern, what } of rules) if (pattern.test(line)) findings.push(`${rel}:${i + 1}: ${what}: ${line.trim().slice(0, 120)}`);
        if (!nodeOnly && IMPORTS_NODE_ONLY.test(line)) findings.push(`${rel}:${i + 1}: imports Node-only code (${NODE_ONLY}) into what the extension bundles: ${line.trim().slice(0, 120)}`);
      });
    }
  }
  return findings;
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

/** Remote code in the build: a page loading a script from the network. */
/**
 * Chrome injects a script only if it is UTF-8 without noncharacters (U+FDD0–U+FDEF, U+xFFFE/F) or
 * lone surrogates; otherwise `scripting.executeScript` fails with "isn't UTF-8 encoded" and the
 * reader never opens. A bundler writes such a string literal out raw.
 */
const NOT_LOADABLE = /[\ufdd0-\ufdef\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]|[\ud83f\ud87f\ud8bf\ud8ff\ud93f\ud97f\ud9bf\ud9ff\uda3f\uda7f\udabf\udaff\udb3f\udb7f\udbbf\udbff][\udffe\udfff]/;

export function scanBuild(dir: string): string[] {
  const findings: string[] = [];
  for (const file of listSources(dir).filter((f) => f.endsWith('.js'))) {
    const bytes = readFileSync(file);
    const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
    const at = text.includes('\ufffd') && !bytes.includes(Buffer.from('\ufffd')) ? text.indexOf('\ufffd') : text.search(NOT_LOADABLE);
    if (at >= 0) findings.push(`${relative(process.cwd(), file)}: not loadable as UTF-8 by Chrome (a noncharacter or broken byte at offset ${at}): write it as an escape the bundler cannot fold`);
  }
  for (const file of listSources(dir).filter((f) => f.endsWith('.html'))) {
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (/<script\b[^>]*\bsrc\s*=\s*["']?(?:https?:)?\/\//i.test(line)) findings.push(`${relative(process.cwd(), file)}:${i + 1}: remote script`);
      });
  }
  return findings;
}

export function checkSecurity(root: string, manifest?: string): string[] {
  const findings = scanSources(root);
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
    `check:security: ok (${SCANNED_DIRS.join('/, ')}/ scanned; ${existsSync(manifest) ? `${relative(root, manifest)} checked` : 'no built manifest to check'})\n`,
  );
  return 0;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop() ?? '')) process.exitCode = main();
