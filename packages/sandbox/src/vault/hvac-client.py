"""Drives the sandbox Vault with the real hvac client, the way fedcloudclient's secret commands do.

Run by hvac.int.test.ts. Reads VAULT_ADDR, OIDC_ACCESS_TOKEN (a sandbox user's token) and
OTHER_SUB (another user's Check-in ID); REQUESTS_CA_BUNDLE points at the sandbox CA. Prints one
JSON object of what each step returned, for the test to check; never prints a token.
"""
import base64
import json
import os
import sys

import hvac
import hvac.exceptions
import requests

VAULT_ADDR = os.environ["VAULT_ADDR"]
ACCESS_TOKEN = os.environ["OIDC_ACCESS_TOKEN"]
OTHER_SUB = os.environ["OTHER_SUB"]
MOUNT = "/secrets/"


def jwt_sub(token):
    payload = token.split(".")[1]
    payload += "=" * (-len(payload) % 4)
    return json.loads(base64.urlsafe_b64decode(payload))["sub"]


def refused(call):
    """The hvac exception a call raises, as (class name, Vault's errors)."""
    try:
        call()
    except hvac.exceptions.VaultError as error:
        return {"exception": type(error).__name__, "errors": error.errors}
    return None


out = {"hvac": hvac.__version__ if hasattr(hvac, "__version__") else "unknown"}
client = hvac.Client(url=VAULT_ADDR)
login = client.auth.jwt.jwt_login(role="", jwt=ACCESS_TOKEN)
out["login"] = {k: v for k, v in login["auth"].items() if k not in ("client_token", "accessor")}
out["authenticated"] = client.is_authenticated()

home = "users/" + jwt_sub(ACCESS_TOKEN) + "/"
client.secrets.kv.v1.create_or_update_secret(
    path=home + "app", mount_point=MOUNT, secret={"user": "admin", "password": "first"}
)
# The second write finds the secret (hvac reads first) and updates it with PUT.
client.secrets.kv.v1.create_or_update_secret(
    path=home + "app", mount_point=MOUNT, secret={"user": "admin", "password": "second"}
)
client.secrets.kv.v1.create_or_update_secret(
    path=home + "certs/ca", mount_point=MOUNT, secret={"pem": "-----BEGIN"}
)
read = client.secrets.kv.v1.read_secret(path=home + "app", mount_point=MOUNT)
out["read"] = {"data": read["data"], "lease_duration": read["lease_duration"]}
out["list"] = client.secrets.kv.v1.list_secrets(path=home, mount_point=MOUNT)["data"]["keys"]
out["other_user"] = refused(
    lambda: client.secrets.kv.v1.read_secret(path="users/" + OTHER_SUB + "/x", mount_point=MOUNT)
)
out["other_user_write"] = refused(
    lambda: client.secrets.kv.v1.create_or_update_secret(
        path="users/" + OTHER_SUB + "/x", mount_point=MOUNT, secret={"a": "b"}, method="POST"
    )
)

# fedcloudclient's `secret locker create`: renew the login token, then a child holding `default`.
out["renew"] = client.auth.token.renew_self(increment="24h")["auth"]["lease_duration"]
created = client.auth.token.create(policies=["default"], ttl="24h", num_uses=10, renewable=False)
out["locker"] = {
    k: v for k, v in created["auth"].items() if k not in ("client_token", "accessor", "entity_id")
}
locker = hvac.Client(url=VAULT_ADDR)
locker.token = created["auth"]["client_token"]
looked = locker.auth.token.lookup_self()["data"]
out["lookup_self"] = {k: looked[k] for k in ("num_uses", "policies", "ttl", "renewable", "orphan", "path")}
# fedcloudclient's locker_client writes a form with requests; hvac's generic calls read it back.
headers = {"X-Vault-Token": locker.token}
response = requests.post(VAULT_ADDR + "/v1/cubbyhole/app", headers=headers, data={"k": "v"})
out["cubbyhole_form_write"] = response.status_code
locker.write("cubbyhole/json", answer=42)
out["cubbyhole_read"] = locker.read("cubbyhole/app")["data"]
out["cubbyhole_list"] = locker.list("cubbyhole/")["data"]["keys"]
out["locker_reads_secrets"] = refused(
    lambda: locker.secrets.kv.v1.read_secret(path=home + "app", mount_point=MOUNT)
)
locker.auth.token.revoke_self()
out["after_revoke"] = refused(lambda: locker.auth.token.lookup_self())

client.secrets.kv.v1.delete_secret(path=home + "app", mount_point=MOUNT)
out["after_delete"] = refused(
    lambda: client.secrets.kv.v1.read_secret(path=home + "app", mount_point=MOUNT)
)
out["list_after_delete"] = client.secrets.kv.v1.list_secrets(path=home, mount_point=MOUNT)["data"]["keys"]

json.dump(out, sys.stdout)
