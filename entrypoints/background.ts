import { defineBackground } from 'wxt/utils/define-background';
import { registerBackground } from '../utils/extension/background';

export default defineBackground(() => {
  registerBackground();
});
