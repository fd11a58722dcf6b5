import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { removeTrackingImages, trackingReason } from '../../utils/core/tracking';
import type { Removal } from '../../utils/core/types';

const img = (attrs: string) => new JSDOM(`<img ${attrs}>`).window.document.querySelector('img')!;

describe('trackingReason', () => {
  it.each([
    ['width="1" height="1" src="http://x.com/a.png"', '1×1 pixel'],
    ['style="width:1px;height:1px;position:absolute" src="http://x.com/a.png"', '1×1 pixel'],
    ['data-size="1,1" src="http://x.com/a.png"', '1×1 pixel'],
    ['style="display:none" src="http://x.com/a.png"', 'hidden image'],
    ['hidden src="http://x.com/a.png"', 'hidden image'],
    ['src="http://stat.1sapp.com/r.gif?cid=1"', 'beacon host'],
    ['src="http://log.1sapp.com/r.gif?cid=1"', 'beacon host'],
    ['src="http://report.qutoutiao.net/r.gif?cid=1"', 'beacon host'],
    ['src="https://cdn.example.com/pv.gif?u=1&t=2"', 'beacon'],
  ])('flags %s', (attrs, reason) => {
    expect(trackingReason(img(attrs))).toBe(reason);
  });

  it.each([
    'data-size="720,305" src="http://static.1sapp.com/qupost/img/2021/07/27/d7d3.png"',
    'src="http://static.1sapp.com/qupost/img/2022/01/19/a21ff593.gif"',
    'width="640" height="1" src="http://x.com/banner-line.png"',
    'src="https://static.example.com/logo.png"',
  ])('keeps content image %s', (attrs) => {
    expect(trackingReason(img(attrs))).toBeNull();
  });

  it('records what it removes', () => {
    const { document } = new JSDOM('<div><img src="http://stat.1sapp.com/r.gif?x=1"><img src="http://a.com/photo.jpg" data-size="600,400"></div>').window;
    const removed: Removal[] = [];
    removeTrackingImages(document.body, removed);
    expect(document.querySelectorAll('img')).toHaveLength(1);
    expect(removed).toEqual([{ step: 'tracking', code: 'tracking-image', params: { kind: 'beacon-host' }, reason: 'tracking image (beacon host)', src: 'http://stat.1sapp.com/r.gif?x=1' }]);
  });
});
