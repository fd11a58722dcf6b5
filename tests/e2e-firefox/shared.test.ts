/** The shared scenarios (tests/e2e/scenarios/core.ts) in Debian's firefox-esr, UI in zh-CN. */
import { firefoxDriver } from '../e2e/driver/firefox';
import { useDriver } from '../e2e/scenarios/common';
import { startCliRuns, detectorScenarios, hostileScenarios, popupScenarios, readerScenarios, shortcutScenarios } from '../e2e/scenarios/core';

startCliRuns();
const driver = useDriver(() => firefoxDriver({ lang: 'zh-CN' }));
detectorScenarios(driver);
shortcutScenarios(driver);
readerScenarios(driver);
popupScenarios(driver);
hostileScenarios(driver);
