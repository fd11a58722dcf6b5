/**
 * Extraction as one call, for the tools and tests that stop before cleaning: the first steps of
 * the pipeline (`pipeline.ts` lists them in order), with the helpers they import from here.
 */
export { extract } from './pipeline';
export { detect } from './detect';
export { deeperThan, MAX_DEPTH, MAX_ELEMENTS } from './guards';
