#!/usr/bin/env bash
# The whole suite: on SQLite, then on PostgreSQL (TEST_POSTGRES_URL, or a throwaway cluster
# when the server is installed). Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing Debian's chromium for the browser tests …"
    (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium) >/dev/null
  else
    echo "The browser tests need Debian's chromium: sudo apt-get install chromium" >&2
    exit 2
  fi
fi
scripts/ensure-pango.sh --required

echo "== Test suite on SQLite"
env -u DATABASE_URL .venv/bin/pytest "$@"

if [ -z "${TEST_POSTGRES_URL:-}" ]; then
  # shellcheck source=scripts/pg-throwaway.sh
  source scripts/pg-throwaway.sh
  pg_throwaway_start || echo "PostgreSQL not available: the suite ran on SQLite only." >&2
fi
if [ -n "${TEST_POSTGRES_URL:-}" ]; then
  # The browser tests ran above: what they add to the HTTP tests (layout, scripts, axe) does
  # not depend on the database, and twice they would take CI past its 30 minutes. Arguments
  # given (e.g. `-m e2e`) come after this and win.
  echo "== Test suite on PostgreSQL (without the browser tests)"
  DATABASE_URL="$TEST_POSTGRES_URL" .venv/bin/pytest -m "not e2e" "$@"
fi
