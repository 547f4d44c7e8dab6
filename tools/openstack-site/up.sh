#!/bin/bash
# Origin: the shared site scripts (shared/tools/openstack-site/up.sh, with its REPORT.md), copied
# into the repository because CI runs on a clean clone. Changes here: the OIDC front end can trust
# an external issuer (OIDC_ISSUER, OIDC_JWKS_URI, OIDC_CA_FILE, OIDC_CLAIM_DELIMITER) instead of the
# tiny python issuer; tools/openstack-site/ci-up.sh uses that for the sandbox's own issuer. apt-get
# waits for the dpkg lock (CI runs other installs meanwhile).
#
# up.sh - install (Debian 12 packages, OpenStack Zed) and start a small but REAL OpenStack
# site on loopback, without systemd: every daemon is started by hand in the background and
# its PID is saved under $OS_SITE_DIR/run/ so that down.sh can stop exactly what was started.
#
# Services (all bound to 127.0.0.1):
#   mariadb :3306   rabbitmq :5672 (epmd :4369, dist :25672)
#   keystone :5000  glance :9292  placement :8778  nova-api :8774  neutron :9696
#   nova-conductor, nova-scheduler, nova-compute (compute_driver = fake.FakeDriver)
#   optional (WITH_OIDC=1): apache2 + mod_auth_openidc on :5001 in front of the same keystone (mod_proxy_uwsgi),
#                           and a tiny local OIDC issuer on :5556 (JWKS + token minting)
#
# Idempotent: re-running skips packages already installed, databases already synced and
# daemons whose saved PID is still alive.
#
# Usage:  sudo bash up.sh [--verify]
#   --verify     after start-up, run a smoke test with the real `openstack` CLI
# Environment knobs:
#   OS_SITE_DIR (default /tmp/openstack-site)   state: configs, DB files, logs, pids
#   OS_SITE_PASSWORD (default secret)            admin + service + DB password
#   WITH_NEUTRON=1 (default)  set 0 to skip neutron (nova server show/list then FAIL: nova needs a network endpoint)
#   WITH_NOVA=1 (default)     set 0 for keystone+glance+placement only
#   WITH_OIDC=0 (default)     set 1 for the keystone OIDC federation (apache2 + mod_auth_openidc) stretch
#   OIDC_MODE=jwks (default)  or "introspect": how mod_auth_openidc validates the bearer JWT
#   OIDC_ISSUER=              an external issuer URL (https) to trust instead of the local python issuer; then
#                             no python issuer is started, no federation objects are written (the caller
#                             writes its own IdP/mapping/protocol) and OIDC_MODE must be jwks
#   OIDC_JWKS_URI=            that issuer's jwks_uri (default \$OIDC_ISSUER/jwks)
#   OIDC_CA_FILE=             CA bundle that signed the issuer's TLS certificate: validated when set (the
#                             file may appear later, it is read per JWKS fetch), not validated otherwise
#   OIDC_CLAIM_DELIMITER=,    how mod_auth_openidc joins multi-valued claims; keystone's mapping engine
#                             splits assertion values on ';', so set ';' for per-entitlement rules
#   NEUTRON_FAKEBIND=1 (default) load a 20-line ML2 mechanism driver (written by this script) that binds every
#                             port ACTIVE with no agent, so servers can boot ON neutron networks; 0 = stock
#                             openvswitch driver only (then boot servers with networks='none')
#   SKIP_APT=0                set 1 to never call apt-get
set -euo pipefail

S=${OS_SITE_DIR:-/tmp/openstack-site}
PW=${OS_SITE_PASSWORD:-secret}
WITH_NEUTRON=${WITH_NEUTRON:-1}
WITH_NOVA=${WITH_NOVA:-1}
WITH_OIDC=${WITH_OIDC:-0}
NEUTRON_FAKEBIND=${NEUTRON_FAKEBIND:-1}
SKIP_APT=${SKIP_APT:-0}
VERIFY=0
for a in "$@"; do case "$a" in --verify) VERIFY=1;; *) echo "unknown arg $a" >&2; exit 2;; esac; done

# Debian's OpenStack binaries use /usr/bin/python3; keep pyenv/venv shims out of the way.
export PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH
export DEBIAN_FRONTEND=noninteractive
unset PYTHONPATH VIRTUAL_ENV || true

[ "$(id -u)" = 0 ] || { echo "up.sh must run as root" >&2; exit 1; }
mkdir -p "$S"/{etc,log,run,tools}
T0=$(date +%s.%N)
TLOG=$S/timings.log
echo "=== up.sh $(date -Is)" >> "$TLOG"
now() { date +%s.%N; }
el() { awk -v a="$1" -v b="$(now)" 'BEGIN{printf "%.1f", b-a}'; }
step() { # step NAME cmd... : run a command, record its wall time
  local name=$1; shift; local t=$(now)
  if "$@"; then echo "[up] $name: $(el "$t")s" | tee -a "$TLOG"; else
    local rc=$?; echo "[up] $name FAILED (rc=$rc) after $(el "$t")s - see $S/log" | tee -a "$TLOG"; exit $rc; fi
}
alive() { local f=$S/run/$1.pid; [ -s "$f" ] && kill -0 "$(cat "$f")" 2>/dev/null; }
port_free() { [ -z "$(ss -Hltn "sport = :$1")" ]; }
need_port() { port_free "$1" || { echo "[up] port 127.0.0.1:$1 is already in use by a process up.sh did not start:" >&2; ss -ltnp "sport = :$1" >&2; exit 1; }; }
wait_for() { # wait_for DESC TIMEOUT cmd...
  local d=$1 to=$2; shift 2; local t=$(now) i=0
  while ! "$@" >/dev/null 2>&1; do
    i=$((i+1)); if [ "$(awk -v a="$t" -v b="$(now)" -v to="$to" 'BEGIN{print (b-a>to)}')" = 1 ]; then
      echo "[up] timeout waiting for $d" >&2; return 1; fi; sleep 0.5; done
}
http_up() { curl -s -o /dev/null -m 5 -w '%{http_code}' "$1" | grep -qE '^(200|300|401)$'; }
# start NAME cmd... : start a daemon in its own session, stdout/err to log, save PID
start() { local n=$1; shift; setsid "$@" > "$S/log/$n.out" 2>&1 < /dev/null & echo $! > "$S/run/$n.pid"; }
desc() { local c; for c in $(pgrep -P "$1" 2>/dev/null); do desc "$c"; echo "$c"; done; }
stop_saved() { # TERM a saved pid and its descendants (only what we started), wait up to 15 s
  local pid; pid=$(cat "$S/run/$1.pid" 2>/dev/null) || return 0
  local pids="$pid $(desc "$pid" | tr '\n' ' ')"; kill $pids 2>/dev/null || true
  for i in $(seq 1 60); do kill -0 $pid 2>/dev/null || break; sleep 0.25; done; rm -f "$S/run/$1.pid"; }
# ensure NAME PORT "CONFIG FILES" cmd... : start unless alive; restart if its config files changed
ensure() {
  local n=$1 port=$2 cfg=$3; shift 3; local sum; sum=$(cat $cfg 2>/dev/null | md5sum | cut -c1-32)
  if alive "$n"; then
    [ "$(cat "$S/run/$n.cfgsum" 2>/dev/null)" = "$sum" ] && return 0
    echo "[up] $n: config changed, restarting"; stop_saved "$n"
  fi
  [ "$port" = - ] || need_port "$port"
  start "$n" "$@"; echo "$sum" > "$S/run/$n.cfgsum"
}

########################################################################## packages
PKGS="keystone glance-api placement-api mariadb-server python3-pymysql python3-openstackclient python3-osc-placement
      uwsgi-plugin-python3 curl iproute2 openssl"
[ "$WITH_NOVA" = 1 ] && PKGS="$PKGS nova-api nova-conductor nova-scheduler python3-nova"
NEED_RABBIT=0; [ "$WITH_NOVA" = 1 ] || [ "$WITH_NEUTRON" = 1 ] && NEED_RABBIT=1
[ "$NEED_RABBIT" = 1 ] && PKGS="$PKGS rabbitmq-server"
[ "$WITH_NEUTRON" = 1 ] && PKGS="$PKGS neutron-server"
[ "$WITH_OIDC" = 1 ] && PKGS="$PKGS apache2 libapache2-mod-auth-openidc python3-jwt"
install_pkgs() {
  local missing=""
  for p in $PKGS; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"; done
  [ -z "$missing" ] && { echo "[up] packages already installed"; return 0; }
  [ "$SKIP_APT" = 1 ] && { echo "[up] missing packages:$missing (SKIP_APT=1)" >&2; return 1; }
  # Debian maintainer scripts try to start every daemon through invoke-rc.d; deny that.
  if [ ! -e /usr/sbin/policy-rc.d ]; then printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod 755 /usr/sbin/policy-rc.d; fi
  # Other installs may run at the same time (CI starts this in the background): wait for apt's
  # locks instead of failing on them.
  local lock="-o DPkg::Lock::Timeout=600" i
  for i in 1 2 3 4 5 6; do apt-get update -q $lock > "$S/log/apt-update.log" 2>&1 && break; sleep 10; done
  apt-get install -y -q --no-install-recommends $lock -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
    $missing > "$S/log/apt-install.log" 2>&1
}
step "apt-get install" install_pkgs

########################################################################## configs
ks_auth() { # ks_auth USER : keystone password auth block for a service user
cat <<EOF
auth_url = http://127.0.0.1:5000
auth_type = password
project_domain_name = Default
user_domain_name = Default
project_name = service
region_name = RegionOne
username = $1
password = $PW
EOF
}
DBURL() { echo "mysql+pymysql://os:$PW@127.0.0.1/$1?charset=utf8"; }
write_configs() {
mkdir -p "$S"/etc/{keystone,glance,placement,nova,neutron,rabbit} "$S"/mysql "$S"/rabbit \
         "$S"/keystone/{fernet-keys,credential-keys} "$S"/glance/{images,staging,tasks,locks} \
         "$S"/nova/{instances,locks} "$S"/neutron/locks

cat > "$S/etc/my.cnf" <<EOF
[mysqld]
user = root
datadir = $S/mysql
socket = $S/run/mysqld.sock
pid-file = $S/run/mysqld.real.pid
bind-address = 127.0.0.1
port = 3306
skip-name-resolve
skip-log-bin
max_connections = 1000
innodb_buffer_pool_size = 128M
innodb_flush_log_at_trx_commit = 0
innodb_doublewrite = 0
innodb_flush_method = nosync
character-set-server = utf8mb3
collation-server = utf8mb3_general_ci
log-error = $S/log/mysqld.err
[client]
socket = $S/run/mysqld.sock
user = root
EOF

cat > "$S/etc/rabbit/env.sh" <<EOF
export HOME=$S/rabbit
export RABBITMQ_NODENAME=rabbit@localhost
export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
export RABBITMQ_NODE_PORT=5672
export RABBITMQ_DIST_PORT=25672
export ERL_EPMD_ADDRESS=127.0.0.1
export ERL_EPMD_PORT=4369
export RABBITMQ_MNESIA_BASE=$S/rabbit/mnesia
export RABBITMQ_LOG_BASE=$S/log/rabbit
export RABBITMQ_PID_FILE=$S/run/rabbitmq.real.pid
export RABBITMQ_ENABLED_PLUGINS_FILE=$S/etc/rabbit/enabled_plugins
export RABBITMQ_CONFIG_FILE=$S/etc/rabbit/rabbitmq
export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
export RABBITMQ_CTL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
EOF
echo '[].' > "$S/etc/rabbit/enabled_plugins"
printf 'listeners.tcp.default = 127.0.0.1:5672\nloopback_users = none\n' > "$S/etc/rabbit/rabbitmq.conf"

cat > "$S/etc/keystone/keystone.conf" <<EOF
[DEFAULT]
log_file = $S/log/keystone.log
[database]
connection = $(DBURL keystone)
[identity]
# bcrypt cost 4 instead of 12: every password auth gets ~10x cheaper (test site only)
password_hash_rounds = 4
[token]
provider = fernet
expiration = 14400
[fernet_tokens]
key_repository = $S/keystone/fernet-keys
[fernet_receipts]
key_repository = $S/keystone/fernet-keys
[credential]
key_repository = $S/keystone/credential-keys
[cache]
enabled = false
[oslo_policy]
enforce_new_defaults = false
enforce_scope = false
EOF
if [ "$WITH_OIDC" = 1 ]; then cat >> "$S/etc/keystone/keystone.conf" <<EOF
[auth]
methods = password,token,application_credential,openid
[openid]
remote_id_attribute = OIDC_CLAIM_iss
[federation]
trusted_dashboard = http://127.0.0.1/dashboard/auth/websso/
EOF
fi

# uwsgi ini shared shape.  "Connection: close" matters: uwsgi's http-socket does not keep
# connections alive and python-requests would otherwise hit "Connection reset by peer".
uwsgi_ini() { # NAME PORT WSGI_FILE ENV PROCESSES [extra lines]
cat <<EOF
[uwsgi]
plugins = python3
http-socket = 127.0.0.1:$2
wsgi-file = $3
env = $4
master = true
processes = $5
threads = 1
enable-threads = true
lazy-apps = true
die-on-term = true
buffer-size = 65535
socket-timeout = 60
add-header = Connection: close
hook-master-start = unix_signal:15 gracefully_kill_them_all
logto = $S/log/$1-uwsgi.log
${6:-}
EOF
}
uwsgi_ini keystone 5000 /usr/bin/keystone-wsgi-public "OS_KEYSTONE_CONFIG_FILES=$S/etc/keystone/keystone.conf" 2 \
  "$( [ "$WITH_OIDC" = 1 ] && echo 'socket = 127.0.0.1:5002' )" > "$S/etc/keystone/uwsgi.ini"
uwsgi_ini glance 9292 /usr/bin/glance-wsgi-api "OS_GLANCE_CONFIG_DIR=$S/etc/glance" 2 \
  "$(printf 'http-auto-chunked = true\nhttp-chunked-input = true\nhttp-raw-body = true\nwsgi-manage-chunked-input = true')" > "$S/etc/glance/uwsgi.ini"
uwsgi_ini placement 8778 /usr/bin/placement-api "OS_PLACEMENT_CONFIG_DIR=$S/etc/placement" 1 > "$S/etc/placement/uwsgi.ini"
uwsgi_ini nova-api 8774 /usr/bin/nova-api-wsgi "OS_NOVA_CONFIG_DIR=$S/etc/nova" 2 > "$S/etc/nova/uwsgi.ini"

cp /etc/glance/glance-api-paste.ini "$S/etc/glance/"
cat > "$S/etc/glance/glance-api.conf" <<EOF
[DEFAULT]
log_file = $S/log/glance-api.log
enabled_backends = fs:file
[database]
connection = $(DBURL glance)
[glance_store]
default_backend = fs
[fs]
filesystem_store_datadir = $S/glance/images
[os_glance_staging_store]
filesystem_store_datadir = $S/glance/staging
[os_glance_tasks_store]
filesystem_store_datadir = $S/glance/tasks
[paste_deploy]
flavor = keystone
[keystone_authtoken]
www_authenticate_uri = http://127.0.0.1:5000
$(ks_auth glance)
[oslo_concurrency]
lock_path = $S/glance/locks
[oslo_policy]
enforce_new_defaults = false
enforce_scope = false
EOF

cat > "$S/etc/placement/placement.conf" <<EOF
[DEFAULT]
log_file = $S/log/placement.log
[placement_database]
connection = $(DBURL placement)
[api]
auth_strategy = keystone
[keystone_authtoken]
www_authenticate_uri = http://127.0.0.1:5000
$(ks_auth placement)
[oslo_policy]
enforce_new_defaults = false
enforce_scope = false
EOF

[ -f /etc/nova/api-paste.ini ] && cp /etc/nova/api-paste.ini "$S/etc/nova/"
cat > "$S/etc/nova/nova.conf" <<EOF
[DEFAULT]
log_dir = $S/log
state_path = $S/nova
instances_path = $S/nova/instances
transport_url = rabbit://guest:guest@127.0.0.1:5672/
compute_driver = fake.FakeDriver
host = fakehost
my_ip = 127.0.0.1
osapi_compute_listen = 127.0.0.1
metadata_listen = 127.0.0.1
enabled_apis = osapi_compute
[api]
auth_strategy = keystone
[api_database]
connection = $(DBURL nova_api)
[database]
connection = $(DBURL nova)
[conductor]
workers = 1
[scheduler]
workers = 1
discover_hosts_in_cells_interval = 30
[keystone_authtoken]
www_authenticate_uri = http://127.0.0.1:5000
service_token_roles_required = true
$(ks_auth nova)
[service_user]
send_service_user_token = true
$(ks_auth nova)
[placement]
$(ks_auth placement)
[neutron]
$(ks_auth neutron)
[glance]
region_name = RegionOne
[oslo_concurrency]
lock_path = $S/nova/locks
[oslo_messaging_notifications]
driver = noop
[oslo_policy]
enforce_new_defaults = false
enforce_scope = false
[vnc]
enabled = false
[wsgi]
api_paste_config = $S/etc/nova/api-paste.ini
EOF

cat > "$S/etc/neutron/neutron.conf" <<EOF
[DEFAULT]
bind_host = 127.0.0.1
bind_port = 9696
core_plugin = ml2
service_plugins = router
auth_strategy = keystone
transport_url = rabbit://guest:guest@127.0.0.1:5672/
notify_nova_on_port_status_changes = true
notify_nova_on_port_data_changes = true
api_workers = 1
rpc_workers = 1
rpc_state_report_workers = 0
api_paste_config = /etc/neutron/api-paste.ini
state_path = $S/neutron
[database]
connection = $(DBURL neutron)
[keystone_authtoken]
www_authenticate_uri = http://127.0.0.1:5000
$(ks_auth neutron)
[nova]
$(ks_auth nova)
[oslo_concurrency]
lock_path = $S/neutron/locks
[oslo_policy]
enforce_new_defaults = false
enforce_scope = false
EOF
# No L2/L3/DHCP agent runs.  With the stock openvswitch driver ports stay DOWN/unbound (a server
# booted on a network fails with PortBindingFailed); "fakebind" binds them ACTIVE instead.
mkdir -p "$S/tools/pyext/site_fakebind-1.0.dist-info"
cat > "$S/tools/pyext/site_fakebind.py" <<'EOF'
# ML2 mechanism driver for agent-less test sites: binds every port (any host) as an OVS VIF
# and marks it ACTIVE, so nova (fake virt driver) can boot servers attached to neutron networks.
from neutron_lib.api.definitions import portbindings
from neutron_lib import constants
from neutron_lib.plugins.ml2 import api


class FakeBindMechanismDriver(api.MechanismDriver):
    def initialize(self):
        pass

    def bind_port(self, context):
        for seg in context.segments_to_bind:
            context.set_binding(seg[api.ID], portbindings.VIF_TYPE_OVS,
                                {portbindings.CAP_PORT_FILTER: True,
                                 portbindings.OVS_HYBRID_PLUG: False},
                                status=constants.PORT_STATUS_ACTIVE)
            return
EOF
printf 'Metadata-Version: 2.1\nName: site-fakebind\nVersion: 1.0\n' > "$S/tools/pyext/site_fakebind-1.0.dist-info/METADATA"
printf '[neutron.ml2.mechanism_drivers]\nfakebind = site_fakebind:FakeBindMechanismDriver\n' > "$S/tools/pyext/site_fakebind-1.0.dist-info/entry_points.txt"
MECH=openvswitch; [ "$NEUTRON_FAKEBIND" = 1 ] && MECH=fakebind
cat > "$S/etc/neutron/ml2_conf.ini" <<EOF
[ml2]
type_drivers = flat,vlan,vxlan
tenant_network_types = vxlan
mechanism_drivers = $MECH
extension_drivers = port_security
[ml2_type_flat]
flat_networks = *
[ml2_type_vlan]
network_vlan_ranges = physnet1:100:200,public
[ml2_type_vxlan]
vni_ranges = 1:1000
EOF

cat > "$S/tools/nova-compute" <<'EOF'
#!/usr/bin/python3
# nova-compute without the nova-compute .deb (which drags in qemu/libvirt via nova-compute-kvm)
import sys
from nova.cmd.compute import main
sys.exit(main())
EOF
chmod +x "$S/tools/nova-compute"

cat > "$S/tools/catalog.py" <<'EOF'
#!/usr/bin/python3
# idempotent: service project, service users (admin+service roles), services + endpoints
import os, sys
import openstack
c = openstack.connect(auth_url='http://127.0.0.1:5000/v3', username='admin', password=os.environ['PW'],
                      project_name='admin', user_domain_name='Default', project_domain_name='Default',
                      region_name='RegionOne')
idc = c.identity
def one(g):
    l = list(g); return l[0] if l else None
proj = one(idc.projects(name='service')) or idc.create_project(name='service', domain_id='default')
admin = one(idc.roles(name='admin'))
service = one(idc.roles(name='service')) or idc.create_role(name='service')
for u in filter(None, sys.argv[1].split(',')):
    user = one(idc.users(name=u, domain_id='default')) or idc.create_user(name=u, password=os.environ['PW'], domain_id='default')
    for r in (admin, service):
        idc.assign_project_role_to_user(proj, user, r)
for spec in sys.argv[2:]:
    name, typ, url = spec.split('|')
    svc = one(idc.services(name=name)) or idc.create_service(name=name, type=typ)
    have = {e.interface for e in idc.endpoints(service_id=svc.id)}
    for iface in ('public', 'internal', 'admin'):
        if iface not in have:
            idc.create_endpoint(service_id=svc.id, interface=iface, url=url, region_id='RegionOne')
EOF

cat > "$S/adminrc" <<EOF
export OS_AUTH_URL=http://127.0.0.1:5000/v3
export OS_IDENTITY_API_VERSION=3
export OS_USERNAME=admin
export OS_PASSWORD=$PW
export OS_PROJECT_NAME=admin
export OS_USER_DOMAIN_NAME=Default
export OS_PROJECT_DOMAIN_NAME=Default
export OS_REGION_NAME=RegionOne
export OS_INTERFACE=public
EOF
cat > "$S/clouds.yaml" <<EOF
clouds:
  site:
    auth:
      auth_url: http://127.0.0.1:5000/v3
      username: admin
      password: $PW
      project_name: admin
      user_domain_name: Default
      project_domain_name: Default
    region_name: RegionOne
    interface: public
    identity_api_version: 3
EOF
}
step "write configs" write_configs

########################################################################## mariadb
mariadb_up() {
  alive mariadb && return 0
  need_port 3306
  if [ ! -d "$S/mysql/mysql" ]; then
    mariadb-install-db --defaults-file="$S/etc/my.cnf" --auth-root-authentication-method=socket --skip-test-db > "$S/log/mariadb-install.log" 2>&1
  fi
  start mariadb mariadbd --defaults-file="$S/etc/my.cnf"
  wait_for mariadb 60 mariadb --defaults-file="$S/etc/my.cnf" -e 'select 1'
  local dbs="keystone glance placement nova_api nova nova_cell0"; [ "$WITH_NEUTRON" = 1 ] && dbs="$dbs neutron"
  local sql="CREATE USER IF NOT EXISTS 'os'@'127.0.0.1' IDENTIFIED BY '$PW'; GRANT ALL ON *.* TO 'os'@'127.0.0.1';"
  for d in $dbs; do sql="$sql CREATE DATABASE IF NOT EXISTS $d;"; done
  mariadb --defaults-file="$S/etc/my.cnf" -e "$sql"
}
step "mariadb start" mariadb_up

########################################################################## rabbitmq (started in background, waited for later)
rabbit_start() {
  alive rabbitmq && return 0
  need_port 5672
  # our own epmd (foreground mode) so that down.sh can stop it by PID
  if port_free 4369; then start epmd epmd -address 127.0.0.1 -port 4369; fi
  ( . "$S/etc/rabbit/env.sh"; cd "$S/rabbit"; start rabbitmq /usr/lib/rabbitmq/bin/rabbitmq-server )
}
rabbit_wait() { ( . "$S/etc/rabbit/env.sh"; wait_for rabbitmq 120 /usr/lib/rabbitmq/bin/rabbitmqctl -q await_startup ); }
[ "$NEED_RABBIT" = 1 ] && step "rabbitmq launch" rabbit_start
RABBIT_T=$(now)

########################################################################## keystone
keystone_up() {
  local KM="keystone-manage --config-file $S/etc/keystone/keystone.conf"
  $KM db_sync > "$S/log/keystone-manage.out" 2>&1
  [ -e "$S/keystone/fernet-keys/0" ] || $KM fernet_setup --keystone-user root --keystone-group root >> "$S/log/keystone-manage.out" 2>&1
  [ -e "$S/keystone/credential-keys/0" ] || $KM credential_setup --keystone-user root --keystone-group root >> "$S/log/keystone-manage.out" 2>&1
  $KM bootstrap --bootstrap-password "$PW" --bootstrap-region-id RegionOne \
     --bootstrap-admin-url http://127.0.0.1:5000/v3/ --bootstrap-internal-url http://127.0.0.1:5000/v3/ \
     --bootstrap-public-url http://127.0.0.1:5000/v3/ >> "$S/log/keystone-manage.out" 2>&1
  ensure keystone 5000 "$S/etc/keystone/uwsgi.ini $S/etc/keystone/keystone.conf" uwsgi --ini "$S/etc/keystone/uwsgi.ini"
  wait_for keystone 90 http_up http://127.0.0.1:5000/v3
}
step "keystone db_sync+bootstrap+start" keystone_up

catalog() {
  local users="glance,placement" specs=("glance|image|http://127.0.0.1:9292" "placement|placement|http://127.0.0.1:8778")
  [ "$WITH_NOVA" = 1 ] && { users="$users,nova"; specs+=("nova|compute|http://127.0.0.1:8774/v2.1"); }
  [ "$WITH_NEUTRON" = 1 ] && { users="$users,neutron"; specs+=("neutron|network|http://127.0.0.1:9696"); }
  PW=$PW /usr/bin/python3 "$S/tools/catalog.py" "$users" "${specs[@]}" > "$S/log/catalog.out" 2>&1
}
step "keystone catalog (users/services/endpoints)" catalog

########################################################################## glance + placement
glance_up() {
  glance-manage --config-dir "$S/etc/glance" db_sync > "$S/log/glance-manage.out" 2>&1
  ensure glance 9292 "$S/etc/glance/uwsgi.ini $S/etc/glance/glance-api.conf" uwsgi --ini "$S/etc/glance/uwsgi.ini"
  wait_for glance 90 http_up http://127.0.0.1:9292/
}
placement_up() {
  placement-manage --config-dir "$S/etc/placement" db sync > "$S/log/placement-manage.out" 2>&1
  ensure placement 8778 "$S/etc/placement/uwsgi.ini $S/etc/placement/placement.conf" uwsgi --ini "$S/etc/placement/uwsgi.ini"
  wait_for placement 90 http_up http://127.0.0.1:8778/
}
step "glance db_sync+start" glance_up
step "placement db sync+start" placement_up
[ "$NEED_RABBIT" = 1 ] && step "rabbitmq ready (launched $(el "$RABBIT_T")s ago)" rabbit_wait

########################################################################## neutron
neutron_up() {
  neutron-db-manage --config-file "$S/etc/neutron/neutron.conf" --config-file "$S/etc/neutron/ml2_conf.ini" upgrade heads > "$S/log/neutron-db-manage.out" 2>&1
  PYTHONPATH=$S/tools/pyext ensure neutron-server 9696 "$S/etc/neutron/neutron.conf $S/etc/neutron/ml2_conf.ini" \
    neutron-server --config-file "$S/etc/neutron/neutron.conf" --config-file "$S/etc/neutron/ml2_conf.ini" --log-file "$S/log/neutron-server.log"
  wait_for neutron 120 http_up http://127.0.0.1:9696/
}
[ "$WITH_NEUTRON" = 1 ] && step "neutron db upgrade+start" neutron_up

########################################################################## nova
nova_db() {
  local NM="nova-manage --config-file $S/etc/nova/nova.conf"
  $NM api_db sync > "$S/log/nova-manage.out" 2>&1
  $NM cell_v2 map_cell0 --database_connection "$(DBURL nova_cell0)" >> "$S/log/nova-manage.out" 2>&1
  $NM cell_v2 list_cells 2>/dev/null | grep -q ' cell1 ' || $NM cell_v2 create_cell --name cell1 >> "$S/log/nova-manage.out" 2>&1
  $NM db sync >> "$S/log/nova-manage.out" 2>&1
}
nova_up() {
  local c="--config-file $S/etc/nova/nova.conf" nc="$S/etc/nova/nova.conf"
  ensure nova-api 8774 "$S/etc/nova/uwsgi.ini $nc" uwsgi --ini "$S/etc/nova/uwsgi.ini"
  ensure nova-conductor - "$nc" nova-conductor $c --log-file "$S/log/nova-conductor.log"
  ensure nova-scheduler - "$nc" nova-scheduler $c --log-file "$S/log/nova-scheduler.log"
  ensure nova-compute   - "$nc" "$S/tools/nova-compute" $c --log-file "$S/log/nova-compute.log"
  wait_for nova-api 120 http_up http://127.0.0.1:8774/
}
nova_discover() { # map the fake compute host into cell1 (needs the compute service registered first)
  local NM="nova-manage --config-file $S/etc/nova/nova.conf"
  for i in $(seq 1 40); do
    $NM cell_v2 discover_hosts >> "$S/log/nova-manage.out" 2>&1 || true
    $NM cell_v2 list_hosts 2>/dev/null | grep -q fakehost && return 0
    sleep 3
  done; return 1
}
if [ "$WITH_NOVA" = 1 ]; then
  step "nova db sync (api, cell0, cell1)" nova_db
  step "nova api/conductor/scheduler/compute start" nova_up
  step "nova compute registered + host discovered" nova_discover
fi

########################################################################## optional OIDC federation
if [ "$WITH_OIDC" = 1 ]; then
  OIDC_MODE=${OIDC_MODE:-jwks}   # jwks: local JWT validation (OIDCOAuthVerifyJwksUri); introspect: RFC 7662 call per token
  EXTERNAL_ISSUER=0; [ -n "${OIDC_ISSUER:-}" ] && EXTERNAL_ISSUER=1
  ISS=${OIDC_ISSUER:-https://127.0.0.1:5556}   # mod_auth_openidc insists on https for the JWKS/introspection URLs
  ISS=${ISS%/}
  JWKS_URI=${OIDC_JWKS_URI:-$ISS/jwks}
  CLAIM_DELIMITER=${OIDC_CLAIM_DELIMITER:-,}
  if [ "$EXTERNAL_ISSUER" = 1 ] && [ "$OIDC_MODE" != jwks ]; then echo "[up] OIDC_ISSUER needs OIDC_MODE=jwks" >&2; exit 2; fi
  cat > "$S/tools/oidc-issuer.py" <<'PYEOF'
#!/usr/bin/python3
"""Tiny local OIDC issuer for tests (loopback only).
GET  /.well-known/openid-configuration   discovery document
GET  /jwks                               RSA public key (JWKS)
GET  /mint?sub=..&groups=a,b&ttl=3600&aud=..   -> {"access_token": <RS256 JWT>, "claims": {...}}
POST /token  (any grant; form fields sub/username/groups optional)  -> OAuth2 token response
POST /introspect (token=...)  RFC 7662 response (active + claims); client auth is not checked
"""
import base64, json, os, sys, time, uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlparse, parse_qs
import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

PORT = int(os.environ.get('OIDC_PORT', '5556'))
ISS = os.environ.get('OIDC_ISSUER', 'https://127.0.0.1:%d' % PORT)
HTTP_PORT = int(os.environ.get('OIDC_HTTP_PORT', '5555'))   # same API over plain http, for convenience
CERT = os.environ.get('OIDC_CERT', 'oidc-cert.pem')
KEYFILE = os.environ.get('OIDC_KEY', 'oidc-key.pem')
KID = 'test-key-1'
if not os.path.exists(KEYFILE):
    k = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    with open(KEYFILE, 'wb') as f:
        f.write(k.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()))
with open(KEYFILE, 'rb') as f:
    KEY = serialization.load_pem_private_key(f.read(), password=None)
pub = KEY.public_key().public_numbers()
b64 = lambda i: base64.urlsafe_b64encode(i.to_bytes((i.bit_length() + 7) // 8, 'big')).rstrip(b'=').decode()
JWKS = {'keys': [{'kty': 'RSA', 'use': 'sig', 'alg': 'RS256', 'kid': KID, 'n': b64(pub.n), 'e': b64(pub.e)}]}
PUB_PEM = KEY.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)

def mint(sub='alice', groups='', ttl=3600, aud='openstack'):
    now = int(time.time())
    claims = {'iss': ISS, 'sub': sub, 'aud': aud, 'iat': now, 'nbf': now - 5, 'exp': now + int(ttl),
              'jti': str(uuid.uuid4()), 'scope': 'openid profile email eduperson_entitlement',
              'email': '%s@example.org' % sub, 'preferred_username': sub, 'name': sub.title(),
              'eduperson_entitlement': [g for g in groups.split(',') if g]}
    return jwt.encode(claims, KEY, algorithm='RS256', headers={'kid': KID}), claims

class H(BaseHTTPRequestHandler):
    def _json(self, obj, code=200):
        b = json.dumps(obj).encode()
        self.send_response(code); self.send_header('Content-Type', 'application/json')
        self.send_header('Content-Length', str(len(b))); self.end_headers(); self.wfile.write(b)
    def _form(self):
        n = int(self.headers.get('Content-Length') or 0)
        return {k: v[0] for k, v in parse_qs(self.rfile.read(n).decode()).items()}
    def do_GET(self):
        u = urlparse(self.path); q = {k: v[0] for k, v in parse_qs(u.query).items()}
        if u.path == '/.well-known/openid-configuration':
            return self._json({'issuer': ISS, 'jwks_uri': ISS + '/jwks', 'token_endpoint': ISS + '/token',
                               'introspection_endpoint': ISS + '/introspect', 'authorization_endpoint': ISS + '/authorize',
                               'userinfo_endpoint': ISS + '/userinfo', 'response_types_supported': ['code'],
                               'subject_types_supported': ['public'], 'id_token_signing_alg_values_supported': ['RS256'],
                               'grant_types_supported': ['client_credentials', 'password', 'refresh_token']})
        if u.path == '/jwks':
            return self._json(JWKS)
        if u.path == '/mint':
            tok, claims = mint(q.get('sub', 'alice'), q.get('groups', ''), q.get('ttl', 3600), q.get('aud', 'openstack'))
            return self._json({'access_token': tok, 'token_type': 'Bearer', 'expires_in': int(q.get('ttl', 3600)), 'claims': claims})
        return self._json({'error': 'not_found'}, 404)
    def do_POST(self):
        u = urlparse(self.path); f = self._form()
        if u.path == '/token':
            sub = f.get('sub') or f.get('username') or f.get('client_id') or 'alice'
            tok, _ = mint(sub, f.get('groups', ''))
            return self._json({'access_token': tok, 'id_token': tok, 'refresh_token': 'r-' + sub,
                               'token_type': 'Bearer', 'expires_in': 3600, 'scope': 'openid'})
        if u.path == '/introspect':
            try:
                claims = jwt.decode(f.get('token', ''), PUB_PEM, algorithms=['RS256'], options={'verify_aud': False})
                claims.update(active=True, client_id='openstack', token_type='Bearer')
                return self._json(claims)
            except Exception:
                return self._json({'active': False})
        return self._json({'error': 'not_found'}, 404)
    def log_message(self, fmt, *a):
        sys.stderr.write('%s %s\n' % (time.strftime('%H:%M:%S'), fmt % a))

import ssl, threading
httpd = ThreadingHTTPServer(('127.0.0.1', PORT), H)
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER); ctx.load_cert_chain(CERT, KEYFILE)
httpd.socket = ctx.wrap_socket(httpd.socket, server_side=True)
threading.Thread(target=ThreadingHTTPServer(('127.0.0.1', HTTP_PORT), H).serve_forever, daemon=True).start()
httpd.serve_forever()
PYEOF

  oidc_issuer_up() {
    alive oidc-issuer && return 0; need_port 5556; need_port 5555
    # self-signed TLS cert for 127.0.0.1; the issuer signs JWTs with the same RSA key
    [ -s "$S/etc/oidc-cert.pem" ] || openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj /CN=127.0.0.1 \
        -addext subjectAltName=IP:127.0.0.1 -keyout "$S/etc/oidc-key.pem" -out "$S/etc/oidc-cert.pem" > "$S/log/openssl.log" 2>&1
    ( cd "$S/run" && OIDC_KEY="$S/etc/oidc-key.pem" OIDC_CERT="$S/etc/oidc-cert.pem" start oidc-issuer /usr/bin/python3 "$S/tools/oidc-issuer.py" )
    wait_for oidc-issuer 30 http_up http://127.0.0.1:5555/jwks
  }
  [ "$EXTERNAL_ISSUER" = 1 ] || step "oidc issuer start" oidc_issuer_up

  apache_up() {
    mkdir -p "$S/etc/apache2" "$S/run/apache2"
    if [ "$OIDC_MODE" = introspect ]; then
      OIDC_VALIDATE="OIDCOAuthIntrospectionEndpoint $ISS/introspect
OIDCOAuthClientID openstack
OIDCOAuthClientSecret secret
OIDCOAuthIntrospectionEndpointAuth client_secret_basic"
    else
      OIDC_VALIDATE="OIDCOAuthVerifyJwksUri $JWKS_URI"
    fi
    # The JWKS fetch runs in apache's www-data workers: the CA file must be readable by them.
    if [ -n "${OIDC_CA_FILE:-}" ]; then
      OIDC_TLS="OIDCOAuthSSLValidateServer On
OIDCCABundlePath $OIDC_CA_FILE"
    else
      OIDC_TLS="OIDCOAuthSSLValidateServer Off"
    fi
    cat > "$S/etc/apache2/apache2.conf" <<EOF
# keystone federation front end: mod_auth_openidc validates the bearer JWT and hands the
# claims to keystone (the same uwsgi keystone as :5000) as uwsgi vars (OIDC_CLAIM_*).
ServerRoot /etc/apache2
ServerName 127.0.0.1
Listen 127.0.0.1:5001
PidFile $S/run/apache2/apache2.pid
DefaultRuntimeDir $S/run/apache2
Mutex file:$S/run/apache2 default
User www-data
Group www-data
ErrorLog $S/log/apache2-error.log
LogLevel warn auth_openidc:info
LogFormat "%h %t \"%r\" %>s %b %D" short
CustomLog $S/log/apache2-access.log short
LoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so
LoadModule authn_core_module /usr/lib/apache2/modules/mod_authn_core.so
LoadModule authz_core_module /usr/lib/apache2/modules/mod_authz_core.so
LoadModule authz_user_module /usr/lib/apache2/modules/mod_authz_user.so
LoadModule proxy_module /usr/lib/apache2/modules/mod_proxy.so
LoadModule proxy_uwsgi_module /usr/lib/apache2/modules/mod_proxy_uwsgi.so
LoadModule auth_openidc_module /usr/lib/apache2/modules/mod_auth_openidc.so
StartServers 1
ServerLimit 2
ThreadsPerChild 16
MaxRequestWorkers 32
OIDCCryptoPassphrase site-test-passphrase
OIDCSSLValidateServer Off
$OIDC_TLS
$OIDC_VALIDATE
OIDCOAuthRemoteUserClaim sub
OIDCPassClaimsAs environment
OIDCClaimDelimiter "$CLAIM_DELIMITER"
OIDCCacheType shm
ProxyPass / uwsgi://127.0.0.1:5002/
<LocationMatch "^/v3/OS-FEDERATION/identity_providers/[^/]+/protocols/openid/auth">
  AuthType oauth20
  Require valid-user
</LocationMatch>
EOF
    apache2 -t -f "$S/etc/apache2/apache2.conf" > "$S/log/apache2-configtest.log" 2>&1
    ensure apache2 5001 "$S/etc/apache2/apache2.conf" apache2 -f "$S/etc/apache2/apache2.conf" -D FOREGROUND
    wait_for apache2 30 http_up http://127.0.0.1:5001/v3
  }
  step "apache2 (mod_auth_openidc, $OIDC_MODE) start" apache_up

  cat > "$S/tools/federation.py" <<'PYEOF'
#!/usr/bin/python3
# idempotent: IdP egi.eu (remote_id = local issuer), mapping, protocol openid, group + project
import json, os
import openstack
c = openstack.connect(auth_url='http://127.0.0.1:5000/v3', username='admin', password=os.environ['PW'],
                      project_name='admin', user_domain_name='Default', project_domain_name='Default')
idc = c.identity
def one(g):
    l = list(g); return l[0] if l else None
grp = one(idc.groups(name='federated-users', domain_id='default')) or idc.create_group(name='federated-users', domain_id='default')
prj = one(idc.projects(name='federated')) or idc.create_project(name='federated', domain_id='default')
member = one(idc.roles(name='member'))
idc.assign_project_role_to_group(prj, grp, member)
rules = [{"local": [{"user": {"name": "{0}", "email": "{1}"}},
                    {"group": {"name": "federated-users", "domain": {"name": "Default"}}}],
          "remote": [{"type": "OIDC_CLAIM_sub"}, {"type": "OIDC_CLAIM_email"}]}]
s = c.session
base = 'http://127.0.0.1:5000/v3/OS-FEDERATION'
def put_or_patch(url, key, body):
    r = s.get(url, raise_exc=False)
    if r.status_code == 404:
        s.put(url, json={key: body})
    else:
        s.patch(url, json={key: body})
put_or_patch(base + '/identity_providers/egi.eu', 'identity_provider',
             {'enabled': True, 'remote_ids': [os.environ['ISS']], 'description': 'local test issuer'})
put_or_patch(base + '/mappings/egi-mapping', 'mapping', {'rules': rules})
put_or_patch(base + '/identity_providers/egi.eu/protocols/openid', 'protocol', {'mapping_id': 'egi-mapping'})
PYEOF
  if [ "$EXTERNAL_ISSUER" = 0 ]; then
  step "keystone federation objects (IdP egi.eu, mapping, protocol openid)" env PW="$PW" ISS="$ISS" /usr/bin/python3 "$S/tools/federation.py"

  oidc_check() {
    local tok code
    tok=$(curl -s "http://127.0.0.1:5555/mint?sub=alice" | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
    code=$(curl -s -o "$S/log/oidc-check.json" -D "$S/log/oidc-check.headers" -w '%{http_code}' -X POST \
      -H "Authorization: Bearer $tok" http://127.0.0.1:5001/v3/OS-FEDERATION/identity_providers/egi.eu/protocols/openid/auth)
    [ "$code" = 201 ] && grep -qi '^x-subject-token:' "$S/log/oidc-check.headers"
  }
  step "OIDC bearer JWT -> keystone unscoped token (201)" oidc_check
  fi
fi

########################################################################## summary
{
echo "=== total up.sh wall time: $(el "$T0")s"
} | tee -a "$TLOG"
cat <<EOF

OpenStack (Debian 12 / Zed) site is up - state in $S
  identity   http://127.0.0.1:5000/v3      (keystone, uwsgi)
  image      http://127.0.0.1:9292         (glance, file store $S/glance/images)
  placement  http://127.0.0.1:8778
$( [ "$WITH_NOVA" = 1 ] && echo "  compute    http://127.0.0.1:8774/v2.1    (nova, fake virt driver, host 'fakehost'; use microversion >= 2.37 and networks='none')" )
$( [ "$WITH_NEUTRON" = 1 ] && echo "  network    http://127.0.0.1:9696         (neutron ML2/$MECH, no agents; flat physnets '*', vxlan tenant nets)" )
$( [ "$WITH_OIDC" = 1 ] && if [ "$EXTERNAL_ISSUER" = 1 ]; then echo "  identity+OIDC http://127.0.0.1:5001/v3  (apache2+mod_auth_openidc; trusts the external issuer $ISS, JWKS $JWKS_URI)"; else echo "  identity+OIDC http://127.0.0.1:5001/v3  (apache2+mod_auth_openidc; issuer $ISS (self-signed cert $S/etc/oidc-cert.pem; same API on http://127.0.0.1:5555); mint a JWT: curl -s 'http://127.0.0.1:5555/mint?sub=alice')"; fi )
  admin credentials: user=admin password=$PW project=admin domain=Default region=RegionOne
  source $S/adminrc    or    OS_CLIENT_CONFIG_FILE=$S/clouds.yaml OS_CLOUD=site
  stop with: bash $(cd "$(dirname "$0")" && pwd)/down.sh   (OS_SITE_DIR=$S)
EOF

########################################################################## optional smoke test
if [ "$VERIFY" = 1 ]; then
  set +e
  . "$S/adminrc"
  fails=0; pass=0
  chk() { local d=$1; shift; local t=$(now); if out=$("$@" 2>&1); then pass=$((pass+1)); echo "[verify] PASS $d ($(el "$t")s)"; else fails=$((fails+1)); echo "[verify] FAIL $d ($(el "$t")s): $(echo "$out" | tail -3)"; fi; }
  tmp=$(mktemp -d); head -c 1048576 /dev/urandom > "$tmp/img"
  chk "token issue" openstack token issue
  chk "project create" openstack project create --domain default --or-show verify-proj
  chk "user create" openstack user create --domain default --password pw --or-show verify-user
  chk "role add" openstack role add --project verify-proj --user verify-user member
  chk "image create+upload" openstack image create --disk-format raw --container-format bare --file "$tmp/img" verify-img
  chk "image download+compare" bash -c "openstack image save --file '$tmp/out' verify-img && cmp '$tmp/img' '$tmp/out'"
  chk "placement RP list" openstack resource provider list
  if [ "$WITH_NOVA" = 1 ]; then
    chk "flavor create" openstack flavor create --ram 64 --disk 1 --vcpus 1 verify-flavor
    chk "server create (fake driver, --nic none) -> ACTIVE" bash -c "openstack --os-compute-api-version 2.37 server create --flavor verify-flavor --image verify-img --nic none --wait verify-vm -f value -c status | grep -qx ACTIVE"
    chk "server list" openstack server list
    chk "server delete" openstack server delete --wait verify-vm
    chk "flavor delete" openstack flavor delete verify-flavor
  fi
  if [ "$WITH_NEUTRON" = 1 ]; then
    chk "network+subnet create" bash -c "openstack network create verify-net && openstack subnet create --network verify-net --subnet-range 10.99.0.0/24 verify-subnet"
    if [ "$NEUTRON_FAKEBIND" = 1 ] && [ "$WITH_NOVA" = 1 ]; then
      chk "server on neutron network -> ACTIVE with IP" bash -c "openstack flavor create --ram 64 --disk 1 --vcpus 1 verify-flavor2 >/dev/null && openstack server create --flavor verify-flavor2 --image verify-img --network verify-net --wait verify-vm2 -f value -c addresses | grep -q 10.99.0."
      chk "router + floating IP" bash -c "openstack network create --external --provider-network-type flat --provider-physical-network public verify-pub >/dev/null && openstack subnet create --network verify-pub --subnet-range 203.0.113.0/24 --no-dhcp verify-pub-sub >/dev/null && openstack router create verify-r >/dev/null && openstack router set --external-gateway verify-pub verify-r && openstack router add subnet verify-r verify-subnet && fip=\$(openstack floating ip create verify-pub -f value -c floating_ip_address) && openstack server add floating ip verify-vm2 \$fip && openstack floating ip show \$fip -f value -c port_id | grep -q ."
      chk "server/router/fip cleanup" bash -c "openstack server delete --wait verify-vm2 && for f in \$(openstack floating ip list -f value -c ID); do openstack floating ip delete \$f; done && openstack router remove subnet verify-r verify-subnet && openstack router delete verify-r && openstack network delete verify-pub && openstack flavor delete verify-flavor2"
    fi
    chk "network delete" openstack network delete verify-net
  fi
  if [ "$WITH_OIDC" = 1 ] && [ "$EXTERNAL_ISSUER" = 0 ]; then
    chk "OIDC: openstack CLI v3oidcaccesstoken -> project-scoped token" bash -c "tok=\$(curl -s 'http://127.0.0.1:5555/mint?sub=verify-oidc' | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)[\"access_token\"])') && env -u OS_USERNAME -u OS_PASSWORD -u OS_USER_DOMAIN_NAME -u OS_PROJECT_NAME openstack --os-auth-type v3oidcaccesstoken --os-access-token \$tok --os-identity-provider egi.eu --os-protocol openid --os-auth-url http://127.0.0.1:5001/v3 --os-project-name federated --os-project-domain-name Default token issue"
  fi
  chk "image delete" openstack image delete verify-img
  chk "user/project delete" bash -c "openstack user delete verify-user && openstack project delete verify-proj"
  rm -rf "$tmp"
  echo "[verify] $pass passed, $fails failed" | tee -a "$TLOG"
  [ "$fails" = 0 ] || exit 1
fi
