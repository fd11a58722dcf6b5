/** The shared scenarios (tests/e2e/scenarios/core.ts) in Debian's Chromium, UI in zh-CN. */
import { chromiumDriver } from './driver/chromium';
import { useDriver } from './scenarios/common';
import { startCliRuns, detectorScenarios, hostileScenarios, popupScenarios, readerScenarios, shortcutScenarios } from './scenarios/core';

startCliRuns();
const driver = useDriver(() => chromiumDriver({ lang: 'zh-CN' }));
detectorScenarios(driver);
shortcutScenarios(driver);
readerScenarios(driver);
popupScenarios(driver);
hostileScenarios(driver);
