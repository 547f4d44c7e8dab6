#!/usr/bin/python3
"""Seed the real test site for fedcloud's conformance suite, idempotently (run by ci-up.sh as admin).

- Keystone federation for the sandbox's own OIDC issuer: identity provider `egi.eu` whose remote_id
  is that issuer, a mapping that turns each VO's `eduperson_entitlement` into membership of a group
  with the `member` role on the VO's project (as EGI sites map Check-in entitlements), and the
  `openid` protocol.
- Per VO: a project named after the VO with the `egi.eu:VO` property, its group, its private
  network, subnet and router (gateway on `public`), and compute quotas.
- Shared: the external network `public` (floating IPs come from it), two flavors, two small public
  images with data.

Prints `VO=project_id` lines on stdout for ci-up.sh's env file. Never prints a credential.
"""
import hashlib
import os
import sys

import openstack

ISSUER = os.environ['ISSUER']
PW = os.environ['PW']
VOS = ['vo.access.egi.eu', 'training.egi.eu']
IDP = 'egi.eu'
PROTOCOL = 'openid'
MAPPING = 'egi-vo-mapping'

c = openstack.connect(auth_url='http://127.0.0.1:5000/v3', username='admin', password=PW,
                      project_name='admin', user_domain_name='Default', project_domain_name='Default',
                      region_name='RegionOne')
s = c.session
KS = 'http://127.0.0.1:5000/v3'


def one(gen):
    items = list(gen)
    return items[0] if items else None


def entitlement(vo):
    return 'urn:mace:egi.eu:group:%s:role=member#aai.egi.eu' % vo


def put_or_patch(url, key, body):
    if s.get(url, raise_exc=False).status_code == 404:
        s.put(url, json={key: body})
    else:
        s.patch(url, json={key: body})


idc = c.identity
member = one(idc.roles(name='member'))
projects = {}
for vo in VOS:
    found = s.get('%s/projects?name=%s&domain_id=default' % (KS, vo)).json()['projects']
    if found:
        project = found[0]
    else:
        project = s.post('%s/projects' % KS, json={'project': {
            'name': vo, 'domain_id': 'default', 'description': 'VO %s' % vo,
        }}).json()['project']
    # `openstack project set --property egi.eu:VO=<vo>`: a PATCH keeps the key as given (a POST
    # would store it as egi.eu_VO: Keystone turns ':' and '-' into '_' in created projects' keys).
    s.patch('%s/projects/%s' % (KS, project['id']), json={'project': {'egi.eu:VO': vo}})
    projects[vo] = project['id']
    group = one(idc.groups(name='%s-members' % vo, domain_id='default')) or \
        idc.create_group(name='%s-members' % vo, domain_id='default')
    idc.assign_project_role_to_group(project['id'], group, member)

rules = []
for vo in VOS:
    rules.append({
        'local': [
            {'user': {'name': '{0}', 'email': '{1}'}},
            {'group': {'name': '%s-members' % vo, 'domain': {'name': 'Default'}}},
        ],
        'remote': [
            {'type': 'OIDC_CLAIM_sub'},
            {'type': 'OIDC_CLAIM_email'},
            {'type': 'OIDC_CLAIM_eduperson_entitlement', 'any_one_of': [entitlement(vo)]},
        ],
    })
base = '%s/OS-FEDERATION' % KS
put_or_patch('%s/identity_providers/%s' % (base, IDP), 'identity_provider',
             {'enabled': True, 'remote_ids': [ISSUER], 'description': 'the fedcloud sandbox issuer'})
put_or_patch('%s/mappings/%s' % (base, MAPPING), 'mapping', {'rules': rules})
put_or_patch('%s/identity_providers/%s/protocols/%s' % (base, IDP, PROTOCOL), 'protocol',
             {'mapping_id': MAPPING})

# Compute: two public flavors; quotas the suite stays well inside.
for name, ram, disk in (('m1.tiny', 64, 1), ('m1.small', 128, 2)):
    if not c.compute.find_flavor(name, ignore_missing=True):
        c.compute.create_flavor(name=name, ram=ram, vcpus=1, disk=disk, is_public=True)
for pid in projects.values():
    s.put('http://127.0.0.1:8774/v2.1/os-quota-sets/%s' % pid,
          json={'quota_set': {'instances': 10, 'cores': 20, 'ram': 20480, 'key_pairs': 100}})

# Image: small public images with data (deterministic bytes, so a download can be compared).
for name in ('cirros-conformance', 'cirros-conformance-2'):
    image = c.image.find_image(name, ignore_missing=True)
    if image and image.status != 'active':
        c.image.delete_image(image)
        image = None
    if not image:
        data = b''.join(hashlib.sha256(('%s:%d' % (name, i)).encode()).digest() for i in range(2048))
        c.image.create_image(name=name, data=data, disk_format='raw', container_format='bare',
                             visibility='public')

# Networks: the external `public` network, and per VO project a private network behind a router.
public = c.network.find_network('public', ignore_missing=True) or c.network.create_network(
    name='public', is_router_external=True, provider_network_type='flat',
    provider_physical_network='public', project_id=c.current_project_id)
if not c.network.find_subnet('public-subnet', ignore_missing=True):
    c.network.create_subnet(name='public-subnet', network_id=public.id, ip_version=4,
                            cidr='172.24.4.0/24', is_dhcp_enabled=False,
                            project_id=c.current_project_id)
for i, (vo, pid) in enumerate(projects.items(), start=1):
    net = one(c.network.networks(name='private-net', project_id=pid)) or c.network.create_network(
        name='private-net', project_id=pid)
    sub = one(c.network.subnets(name='private-subnet', project_id=pid)) or c.network.create_subnet(
        name='private-subnet', network_id=net.id, ip_version=4, cidr='10.0.%d.0/24' % i,
        project_id=pid)
    router = one(c.network.routers(name='private-router', project_id=pid))
    if not router:
        router = c.network.create_router(name='private-router', project_id=pid,
                                         external_gateway_info={'network_id': public.id})
        c.network.add_interface_to_router(router, subnet_id=sub.id)
    # Neutron's quotas default to -1 or 50; security groups and rules need no change.
    c.network.update_quota(pid, floating_ips=10, security_groups=20, security_group_rules=200)

for vo, pid in projects.items():
    print('%s=%s' % (vo, pid))
sys.stdout.flush()
