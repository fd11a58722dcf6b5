/**
 * The image CDNs of the named sites, derived from their rules' `imageHosts`. Optional host
 * permissions: asked for when the user picks local or zip saving, so the install prompt stays as
 * narrow as the sites themselves. `*.ql1d.com` and `*.qutoutiao.net` are already granted through
 * the site rules; `*.1sapp.com` (Qutoutiao's `static.1sapp.com`) is the one a request really adds.
 * Pure data: wxt.config.ts imports it.
 */
import { imageHostPermissions } from './sites/registry';

export const IMAGE_HOST_PERMISSIONS = imageHostPermissions();
