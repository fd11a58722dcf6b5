import { readFileSync, readdirSync } from 'node:fs';
import { JSDOM } from 'jsdom';
import { recleanPost } from './utils/node/reclean';
const dir = './tests/fixtures/reclean/';
const texts = readdirSync(dir).map((f) => readFileSync(dir + f, 'utf8'));
for (let i = 0; i < 20; i++) recleanPost(texts[i % texts.length]);
let t = performance.now();
for (let i = 0; i < 200; i++) recleanPost(texts[i % texts.length]);
console.log('reclean ms/post', (performance.now() - t) / 200);
t = performance.now();
for (let i = 0; i < 200; i++) { const d = new JSDOM('<div><p>x</p></div>', { includeNodeLocations: true }); d.window.close(); }
console.log('jsdom ms', (performance.now() - t) / 200);
t = performance.now();
const d = new JSDOM('');
for (let i = 0; i < 200; i++) { const f = d.window.document.createElement('template'); f.innerHTML = texts[i % texts.length]; }
console.log('fragment parse ms', (performance.now() - t) / 200);
