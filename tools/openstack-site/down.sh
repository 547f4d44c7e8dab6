#!/bin/bash
# Origin: shared/tools/openstack-site/down.sh (see up.sh), copied unchanged into the repository.
# down.sh - stop exactly the daemons that up.sh started (PIDs saved in $OS_SITE_DIR/run/*.pid).
# Each saved PID and its descendants get SIGTERM, then SIGKILL after a grace period.
# Nothing is matched by name.  --purge also deletes the state dir (DBs, images, logs).
set -u
S=${OS_SITE_DIR:-/tmp/openstack-site}
export PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH
PURGE=0; for a in "$@"; do case "$a" in --purge) PURGE=1;; *) echo "unknown arg $a" >&2; exit 2;; esac; done
[ -d "$S/run" ] || { echo "[down] nothing to do: no $S/run"; exit 0; }

desc() { local c; for c in $(pgrep -P "$1" 2>/dev/null); do desc "$c"; echo "$c"; done; }
stop() { # stop NAME : TERM the saved pid + descendants, wait, then KILL
  local f=$S/run/$1.pid pid pids
  [ -s "$f" ] || return 0
  pid=$(cat "$f")
  if kill -0 "$pid" 2>/dev/null; then
    pids="$pid $(desc "$pid" | tr '\n' ' ')"
    kill -TERM $pids 2>/dev/null
    for i in $(seq 1 40); do
      local left=""; for p in $pids; do kill -0 "$p" 2>/dev/null && [ "$(awk '{print $3}' /proc/$p/stat 2>/dev/null)" != Z ] && left="$left $p"; done
      [ -z "$left" ] && break; sleep 0.25
    done
    [ -n "$left" ] && kill -KILL $left 2>/dev/null
    echo "[down] stopped $1 (pids $pids)"
  fi
  rm -f "$f"
}

for n in nova-compute nova-scheduler nova-conductor nova-api neutron-server placement glance keystone apache2 oidc-issuer; do stop $n; done
# rabbitmq: graceful shutdown first (stops beam.smp and its helpers), then by PID
if [ -s "$S/run/rabbitmq.pid" ] && [ -f "$S/etc/rabbit/env.sh" ]; then
  ( . "$S/etc/rabbit/env.sh"; timeout 30 /usr/lib/rabbitmq/bin/rabbitmqctl -q shutdown >/dev/null 2>&1 )
  [ -s "$S/run/rabbitmq.real.pid" ] && cp "$S/run/rabbitmq.real.pid" "$S/run/rabbitmq-beam.pid" && stop rabbitmq-beam
fi
stop rabbitmq; stop epmd; stop mariadb
rm -f "$S/run/rabbitmq.real.pid" "$S/run/mysqld.real.pid"
if [ "$PURGE" = 1 ]; then rm -rf "$S"; echo "[down] purged $S"; fi
