// The pipeline behind the options page's preview, loaded after the page has drawn: it is most of
// the page's JavaScript (Readability, DOMPurify, Turndown, yaml) and nothing else needs it.
export { createSanitizer } from '../../utils/core/sanitize';
export { SAMPLE_PATH, samplePost } from '../../utils/sample';
