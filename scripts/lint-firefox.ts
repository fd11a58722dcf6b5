/**
 * `npm run lint:firefox [-- --dir .output/firefox-mv2]`
 * Mozilla's addons-linter (what addons.mozilla.org runs) on the Firefox build: fails on any
 * error and on warnings in our own code; prints every finding, naming the bundled library
 * (Readability, DOMPurify, Preact…) a warning sits in. Build first: npx wxt build -b firefox.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createInstance } from 'addons-linter';

interface Message {
  code: string;
  message: string;
  description?: string;
  file?: string;
  line?: number;
  column?: number;
}

interface Results {
  count: number;
  summary: { errors: number; notices: number; warnings: number };
  errors: Message[];
  notices: Message[];
  warnings: Message[];
}

/**
 * Bundles mix libraries and our code in one minified file, so a finding is attributed by the code
 * around it: these are identifiers that survive minification in each library we bundle.
 */
const LIBRARIES: [string, RegExp][] = [
  ['Readability', /_charThreshold|_isSingleImage|_grabArticle|_attempts|readability-/],
  ['DOMPurify', /SAFE_FOR_TEMPLATES|RETURN_DOM|`template`,null|createDocument\([^)]*`template`/],
  ['Preact', /__html|\.__k\b|dangerouslySetInnerHTML/],
  ['Turndown', /turndown|TurndownService|_customRules/i],
  ['webextension-polyfill', /wrapAsyncFunction|Browser\.runtime\.id|polyfill/i],
];

/** Which bundled library a finding sits in, by the code around it; undefined means ours (or unknown): look at it. */
export function libraryAt(dir: string, m: Message): string | undefined {
  if (!m.file || !m.line) return undefined;
  let text: string;
  try {
    text = readFileSync(resolve(dir, m.file), 'utf8').split('\n')[m.line - 1] ?? '';
  } catch {
    return undefined;
  }
  const at = m.column ?? 0;
  const around = text.slice(Math.max(0, at - 300), at + 300);
  return LIBRARIES.find(([, re]) => re.test(around))?.[0];
}

const where = (m: Message) => (m.file ? `${m.file}${m.line ? `:${m.line}${m.column ? `:${m.column}` : ''}` : ''}` : '(add-on)');

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { dir: { type: 'string', default: '.output/firefox-mv2' } } });
  const dir = resolve(values.dir as string);
  if (!existsSync(resolve(dir, 'manifest.json'))) {
    process.stderr.write(`lint:firefox: no Firefox build in ${dir}: run npx wxt build -b firefox first\n`);
    return 1;
  }
  const linter = createInstance({
    config: {
      _: [dir],
      logLevel: 'fatal',
      stack: false,
      pretty: false,
      warningsAsErrors: false,
      metadata: false,
      output: 'none',
      boring: true,
      selfHosted: false,
      minManifestVersion: 2,
      maxManifestVersion: 3,
      enableDataCollectionPermissions: true,
    },
    runAsBinary: false,
  });
  const results = (await linter.run()) as Results;
  const { errors, warnings, notices } = results.summary;
  let ours = 0;
  const line = (kind: string, m: Message) => {
    const library = libraryAt(dir, m);
    if (!library && kind === 'warning') ours++;
    return `  ${kind} ${m.code} ${where(m)} ${library ? `(in ${library})` : '[OUR CODE or unknown: fix it]'}: ${m.message}`;
  };
  const out = [
    ...results.errors.map((m) => line('ERROR  ', m)),
    ...results.warnings.map((m) => line('warning', m)),
    ...results.notices.map((m) => line('notice ', m)),
  ];
  process.stdout.write(
    `${out.join('\n')}${out.length ? '\n' : ''}lint:firefox: ${errors} errors, ${warnings} warnings (${warnings - ours} in bundled libraries, ${ours} in our code), ${notices} notices (${dir})\n`,
  );
  // Errors block a listing on addons.mozilla.org; warnings in our own code are ours to fix.
  return errors > 0 || ours > 0 ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`lint:firefox: the linter failed: ${(e as Error).stack ?? String(e)}\n`);
    process.exitCode = 2;
  },
);
