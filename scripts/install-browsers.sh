#!/usr/bin/env bash
# The browsers and fonts the end-to-end suites and the demo use, from Debian's packages (never a
# browser download): Chromium and its UI locales (without chromium-l10n every --lang falls back to
# English), firefox-esr and its zh-CN language pack (the same for Firefox), and CJK fonts so
# screenshots show the Chinese text. Idempotent: apt-get runs only when something is missing.
# Used by `npm run demo` (through `npm run setup:browsers`) and by .ci/run.
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
[ -f /usr/lib/chromium/locales/zh-CN.pak ] || missing+=(chromium-l10n)
# (grep reads all of fc-list: with -q it would stop early and pipefail would report fc-list's SIGPIPE)
fc-list 2>/dev/null | grep -i 'wqy' >/dev/null || missing+=(fonts-wqy-zenhei)
command -v firefox-esr >/dev/null 2>&1 || missing+=(firefox-esr)
[ -f /usr/lib/firefox-esr/browser/extensions/langpack-zh-CN@firefox-esr.mozilla.org.xpi ] || missing+=(firefox-esr-l10n-zh-cn)

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "install-browsers: missing ${missing[*]}; run as root (or: sudo apt-get install -y ${missing[*]})" >&2
    exit 1
  fi
  echo "install-browsers: apt-get install ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi
chromium --version 2>/dev/null | head -n 1
firefox-esr --version
