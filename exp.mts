import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Hexo from 'hexo';
const ROOT = process.cwd();
const chars = ['\u2000', '\u2003', '\u200a', '\u202f', '\u205f', '\u1680', '\u3000', '\u180e', '\u2029', '\u0009', '\u000b', '\ufeff', '%', '%25', '%zz', '#', '?', '[', ']', '{', '}', ':', '"', "'", '`', '&', '+', '=', ';', ',', '@', '$', '!', '^', '(', ')', '~', '\\x7f', '…', '😀', '　', ' ', '<', '>', '|', '*', '\u2028', '\u0085', '\u00a0', 'é', 'e\u0301', '\ud83d', '　'];
const names: string[] = [];
chars.forEach((c, i) => { for (const pos of ['a', 'b', 'c']) names.push(pos === 'a' ? `${c}x${i}` : pos === 'b' ? `x${i}${c}y` : `x${i}${c}`); });
names.push('_x', '.x', '-x', 'x.', 'x~', 'CON', '_CON', 'a.b', 'x.md', 'index', '2021', 'a..b');
const dir = mkdtempSync(join(tmpdir(), 'hexo-exp-'));
writeFileSync(join(dir, '_config.yml'), `title: t\nurl: http://example.com\ntimezone: Asia/Shanghai\npost_asset_folder: true\nnew_post_name: :title.md\n`);
writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 's', hexo: { version: '8.0.0' }, dependencies: { hexo: '*', 'hexo-renderer-marked': '*' } }));
symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
mkdirSync(join(dir, 'source/_posts'), { recursive: true });
const written: string[] = [];
names.forEach((n, i) => {
  try { writeFileSync(join(dir, 'source/_posts', `${n}.md`), `---\ntitle: "T${i}"\ndate: 2021-07-27 15:58:00\n---\n\nbody\n`); written.push(n); } catch (e) { console.log('cannot write', JSON.stringify(n), (e as Error).message); }
});
const hexo = new Hexo(dir, { silent: true });
await hexo.init();
await hexo.load();
const posts = hexo.locals.get('posts').toArray() as any[];
const got = new Set(posts.map((p) => p.title));
names.forEach((n, i) => { if (!got.has(`T${i}`)) console.log('MISSING', JSON.stringify(n)); });
let genErr = '';
try { await hexo.call('generate', {}); } catch (e) { genErr = (e as Error).message; }
console.log('generate error:', genErr);
import { existsSync } from 'node:fs';
for (const p of posts) { try { const f = join(dir, 'public', decodeURI(p.path), 'index.html'); if (!existsSync(f)) console.log('NO PAGE', p.title, JSON.stringify(names[+p.title.slice(1)]), p.path); } catch (e) { console.log('path error', p.title, JSON.stringify(names[+p.title.slice(1)]), (e as Error).message); } }
await hexo.exit();
console.log(dir, posts.length, 'of', names.length);
