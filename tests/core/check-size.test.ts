import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pageFiles } from '../../scripts/check-size';

describe('check:size counts what a page loads', () => {
  it('follows scripts, preloads, styles and static imports, and not dynamic imports', () => {
    const dir = mkdtempSync(join(tmpdir(), 'size-'));
    mkdirSync(join(dir, 'chunks'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(
      join(dir, 'popup.html'),
      '<script type="module" src="/chunks/popup-AAAAAAAA.js"></script><link rel="modulepreload" href="/chunks/shared-BBBBBBBB.js"><link rel="stylesheet" href="/assets/popup-CCCCCCCC.css">',
    );
    writeFileSync(join(dir, 'chunks/popup-AAAAAAAA.js'), 'import{a}from"./shared-BBBBBBBB.js";import"./runtime-DDDDDDDD.js";const p=import("./heavy-EEEEEEEE.js");');
    writeFileSync(join(dir, 'chunks/shared-BBBBBBBB.js'), 'import{b}from"./nested-FFFFFFFF.js";export const a=1;');
    writeFileSync(join(dir, 'chunks/nested-FFFFFFFF.js'), 'export const b=1;');
    writeFileSync(join(dir, 'chunks/runtime-DDDDDDDD.js'), '');
    writeFileSync(join(dir, 'chunks/heavy-EEEEEEEE.js'), 'export const heavy=1;');
    writeFileSync(join(dir, 'assets/popup-CCCCCCCC.css'), 'body{}');
    expect(pageFiles(dir, 'popup.html')).toEqual([
      'assets/popup-CCCCCCCC.css',
      'chunks/nested-FFFFFFFF.js',
      'chunks/popup-AAAAAAAA.js',
      'chunks/runtime-DDDDDDDD.js',
      'chunks/shared-BBBBBBBB.js',
    ]);
  });
});
