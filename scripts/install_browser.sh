#!/usr/bin/env bash
# Debian's chromium (kaleido chart export, Playwright browser tests) and the npm packages of package.json.
# Never downloads a browser build of its own. Safe to run again.
set -u
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing Debian's chromium" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
      || echo "could not install chromium: chart images and browser tests will be unavailable" >&2
  else
    echo "chromium is not installed and this user cannot install it: install Debian's 'chromium' package" >&2
  fi
fi
# axe-core (accessibility check) and oauth2-mock-server (the OpenID Connect provider of the upload page's browser
# test), as package-lock.json pins them.
if command -v npm >/dev/null 2>&1 && { [ ! -f node_modules/axe-core/axe.min.js ] \
    || [ ! -d node_modules/oauth2-mock-server ]; }; then
  npm ci --silent --no-audit --no-fund >/dev/null 2>&1 \
    || echo "could not install the npm packages (axe-core, oauth2-mock-server): their browser tests will skip" >&2
fi
exit 0
