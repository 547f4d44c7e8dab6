#!/usr/bin/env bash
# Starts Debian's PostgreSQL cluster (installed by .ci/run) and makes sure the role and database
# the hub's tests use exist. Prints the URL to export as FEDCLOUD_TEST_PG_URL. Idempotent.
set -euo pipefail
export PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH
cluster=$(pg_lsclusters --no-header | awk 'NR==1 {print $1" "$2}')
if [ -z "$cluster" ]; then
  version=$(ls /usr/lib/postgresql | sort -V | tail -1)
  pg_createcluster "$version" main >/dev/null
  cluster="$version main"
fi
# shellcheck disable=SC2086
pg_ctlcluster $cluster start >/dev/null 2>&1 || true
for _ in $(seq 1 30); do
  runuser -u postgres -- psql -qtAc 'SELECT 1' >/dev/null 2>&1 && break
  sleep 0.5
done
psql_admin() { runuser -u postgres -- psql -qtA -v ON_ERROR_STOP=1 -c "$1"; }
[ "$(psql_admin "SELECT 1 FROM pg_roles WHERE rolname='fedcloud'")" = 1 ] ||
  psql_admin "CREATE ROLE fedcloud LOGIN PASSWORD 'fedcloud' CREATEDB" >/dev/null
[ "$(psql_admin "SELECT 1 FROM pg_database WHERE datname='fedcloud_test'")" = 1 ] ||
  psql_admin "CREATE DATABASE fedcloud_test OWNER fedcloud" >/dev/null
port=$(runuser -u postgres -- psql -qtAc 'SHOW port')
echo "postgres://fedcloud:fedcloud@127.0.0.1:${port}/fedcloud_test"
