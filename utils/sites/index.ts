export type { SiteRule } from './types';
export { generic } from './generic/rule';
export { qilu } from './qilu/rule';
export { qutoutiao } from './qutoutiao/rule';
export * from './registry';
