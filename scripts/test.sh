#!/usr/bin/env bash
# The whole suite: on SQLite and on PostgreSQL (TEST_POSTGRES_URL, or a throwaway cluster
# when the server is installed), side by side. Extra arguments go to pytest.
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

if [ -z "${TEST_POSTGRES_URL:-}" ]; then
  echo "== Test suite on SQLite"
  env -u DATABASE_URL .venv/bin/pytest "$@"
  exit 0
fi

# Both databases side by side: each run is one process on its own database, temporary
# folders and free ports, so they share nothing but the machine. SQLite's run reports here
# as it goes; PostgreSQL's is written to a log and shown when it is done.
# GOEDWONEN_TEST_SERIAL=1 runs them one after the other.
postgres_log=$(mktemp /tmp/goedwonen-test-postgresql.XXXXXX)
run_postgres() { DATABASE_URL="$TEST_POSTGRES_URL" .venv/bin/pytest "$@"; }
if [ "${GOEDWONEN_TEST_SERIAL:-}" = 1 ]; then
  echo "== Test suite on SQLite"
  env -u DATABASE_URL .venv/bin/pytest "$@"
  echo "== Test suite on PostgreSQL"
  run_postgres "$@"
  exit 0
fi
echo "== Test suite on PostgreSQL, in the background (shown when done)"
run_postgres "$@" >"$postgres_log" 2>&1 &
postgres_pid=$!
echo "== Test suite on SQLite"
sqlite_status=0
env -u DATABASE_URL .venv/bin/pytest "$@" || sqlite_status=$?
postgres_status=0
wait "$postgres_pid" || postgres_status=$?
echo "== Test suite on PostgreSQL"
cat "$postgres_log"
rm -f "$postgres_log"
if [ "$sqlite_status" != 0 ] || [ "$postgres_status" != 0 ]; then
  echo "Failed: SQLite exit $sqlite_status, PostgreSQL exit $postgres_status" >&2
  exit 1
fi
