#!/bin/bash
# ci-up.sh - the real OpenStack site for fedcloud's conformance suite, in one idempotent step:
#   1. up.sh with WITH_OIDC=1, its mod_auth_openidc trusting the sandbox's own OIDC issuer at a
#      fixed address (the suite starts that issuer itself, with its data in $ISSUER_DIR so its
#      signing key and CA persist across runs);
#   2. seed-site.py as admin: IdP egi.eu + per-VO entitlement mapping + protocol openid, the VO
#      projects, flavors, images with data, networks, quotas;
#   3. an env file (mode 0600) with what packages/cli/test/conformance/real-site.int.test.ts reads.
# Usage: sudo bash tools/openstack-site/ci-up.sh     then:  set -a; . "$OS_SITE_DIR/fedcloud-real-site.env"
# Stop with tools/openstack-site/down.sh.  Knobs: OS_SITE_DIR, OS_SITE_PASSWORD, FEDCLOUD_REAL_SITE_ISSUER_PORT.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
export OS_SITE_DIR=${OS_SITE_DIR:-/tmp/openstack-site}
S=$OS_SITE_DIR
PW=${OS_SITE_PASSWORD:-secret}
ISSUER_PORT=${FEDCLOUD_REAL_SITE_ISSUER_PORT:-7643}
ISSUER=https://127.0.0.1:$ISSUER_PORT
ISSUER_DIR=$S/fedcloud-issuer
ENV_FILE=$S/fedcloud-real-site.env
export PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH
unset PYTHONPATH VIRTUAL_ENV || true

T0=$(date +%s)
mkdir -p "$S"
# The sandbox creates its data folder 0700; made here first as 0711 so that apache's www-data
# workers can read the CA certificate (ca.pem, 0644) inside it to validate the issuer's TLS.
install -d -m 0711 "$ISSUER_DIR"

# The sandbox issuer is Keycloak-shaped: discovery says jwks_uri = <issuer>/protocol/openid-connect/certs.
WITH_OIDC=1 OIDC_MODE=jwks OIDC_ISSUER=$ISSUER OIDC_JWKS_URI=$ISSUER/protocol/openid-connect/certs \
  OIDC_CA_FILE=$ISSUER_DIR/ca.pem OIDC_CLAIM_DELIMITER=';' OS_SITE_PASSWORD=$PW \
  bash "$HERE/up.sh"

T1=$(date +%s)
PROJECTS=$(ISSUER=$ISSUER PW=$PW /usr/bin/python3 "$HERE/seed-site.py" 2> "$S/log/seed-site.err" | paste -sd, -) || {
  echo "[ci-up] seeding failed:" >&2; tail -20 "$S/log/seed-site.err" >&2; exit 1; }
echo "[ci-up] seed: $(( $(date +%s) - T1 ))s" | tee -a "$S/timings.log"

umask 077
cat > "$ENV_FILE.tmp" <<EOF
FEDCLOUD_REAL_SITE_URL=http://127.0.0.1:5001/v3
FEDCLOUD_REAL_SITE_NAME=REAL-OPENSTACK
FEDCLOUD_REAL_SITE_IDP=egi.eu
FEDCLOUD_REAL_SITE_PROTOCOL=openid
FEDCLOUD_REAL_SITE_PROJECTS=$PROJECTS
FEDCLOUD_REAL_SITE_ISSUER_DIR=$ISSUER_DIR
FEDCLOUD_REAL_SITE_ISSUER_PORT=$ISSUER_PORT
FEDCLOUD_REAL_SITE_ADMIN_URL=http://127.0.0.1:5000/v3
FEDCLOUD_REAL_SITE_ADMIN_USER=admin
FEDCLOUD_REAL_SITE_ADMIN_PASSWORD=$PW
FEDCLOUD_REAL_SITE_ADMIN_PROJECT=admin
FEDCLOUD_REAL_SITE_ADMIN_DOMAIN=Default
EOF
mv "$ENV_FILE.tmp" "$ENV_FILE"
echo "[ci-up] real site ready in $(( $(date +%s) - T0 ))s; env file $ENV_FILE" | tee -a "$S/timings.log"
