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

if [ -z "${TEST_POSTGRES_URL:-}" ]; then
  # shellcheck source=scripts/pg-throwaway.sh
  source scripts/pg-throwaway.sh
  pg_throwaway_start || echo "PostgreSQL not available: the suite runs on SQLite only." >&2
fi

# Each run has its own temporary folder: the two may run at once.
temp=$(mktemp -d)
# (pg_throwaway_start's own EXIT trap stops the cluster: keep that too.)
trap 'rm -rf "$temp"; if declare -F pg_throwaway_stop >/dev/null; then pg_throwaway_stop; fi' EXIT

if [ -z "${TEST_POSTGRES_URL:-}" ]; then
  echo "== Test suite on SQLite"
  env -u DATABASE_URL .venv/bin/pytest --basetemp="$temp/sqlite" "$@"
  exit 0
fi

# Both databases at once, one process each: a run is mostly one busy core, and side by side
# they take less than one after the other. The browser tests and the URL walk (a thousand
# requests proving each route's access rule) run on SQLite only: what they check (layout,
# scripts, axe; the gate in front of every view) does not depend on the database, and twice
# they would take CI past its 30 minutes. Arguments given (e.g. `-m e2e`) come after this and
# win. The PostgreSQL run's output is shown when both are done.
DATABASE_URL="$TEST_POSTGRES_URL" .venv/bin/pytest -m "not e2e" --basetemp="$temp/postgres" \
  --deselect tests/core/test_url_walk.py "$@" >"$temp/postgres.log" 2>&1 &
postgres=$!
echo "== Test suite on SQLite (the run on PostgreSQL goes on beside it)"
sqlite_status=0
env -u DATABASE_URL .venv/bin/pytest --basetemp="$temp/sqlite" "$@" || sqlite_status=$?
postgres_status=0
wait "$postgres" || postgres_status=$?
echo "== Test suite on PostgreSQL (without the browser tests)"
cat "$temp/postgres.log"
if [ "$sqlite_status" != 0 ] || [ "$postgres_status" != 0 ]; then
  echo "Failed: SQLite run exit $sqlite_status, PostgreSQL run exit $postgres_status." >&2
  exit 1
fi
