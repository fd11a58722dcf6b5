/** The UI in Firefox's zh-CN and en-US (tests/e2e/scenarios/i18n.ts), one browser per language. */
import { describe } from 'vitest';
import { firefoxDriver } from '../e2e/driver/firefox';
import { useDriver } from '../e2e/scenarios/common';
import { i18nScenarios } from '../e2e/scenarios/i18n';

for (const lang of ['zh-CN', 'en-US'] as const) {
  describe(lang, () => {
    i18nScenarios(useDriver(() => firefoxDriver({ lang })), lang);
  });
}
