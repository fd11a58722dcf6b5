import type { SiteRule } from '../types';

/** Any other page: Readability alone, labelled generic. */
export const generic: SiteRule = {
  id: 'generic',
  label: { zh: '通用', en: 'Generic' },
  hosts: [],
  // Any host: reached through activeTab, never asked for ahead.
  imageHosts: [],
  isArticle: () => true,
  fields: {},
  clean: [],
  lazyImageAttrs: ['data-src', 'data-original', 'data-lazy-src'],
  // Readability's defaults: at its 500-character threshold it retries rather than settle for a box.
  readability: {},
  dropConsentBanners: true,
  promo: [],
};
