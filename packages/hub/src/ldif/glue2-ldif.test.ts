import { existsSync, readFileSync } from 'node:fs';
import { glue21DocumentSchema } from '@fedcloud/sdk/glue2';
import { describe, expect, it } from 'vitest';
import { buildGlueDocument, defaultFlavors, defaultImages } from '../testing/index.js';
import { otherInfoLines, rootEntry, siteEntries } from './glue2-ldif.js';
import type { LdifEntry } from './ldif-writer.js';
import { checkEntries, parseSchema, type Schema } from './schema-check.js';

const URL = 'https://keystone.cloud.example.org:5000/v3';
const SCHEMA_DIR = '/etc/ldap/schema';

function documentFor(over: Partial<Parameters<typeof buildGlueDocument>[0]> = {}) {
  return glue21DocumentSchema.parse(
    buildGlueDocument({
      site: 'EXAMPLE-CLOUD',
      endpointUrl: URL,
      gocdbId: '7G0',
      creationTime: '2025-06-01T11:00:00.5+00:00',
      vos: [
        { name: 'vo.access.egi.eu', projectId: 'p-access' },
        { name: 'fedcloud.egi.eu', projectId: 'p-fedcloud' },
      ],
      images: defaultImages(3),
      flavors: defaultFlavors(8),
      ...over,
    }),
  );
}

function entries(document = documentFor()): LdifEntry[] {
  return [
    rootEntry(),
    ...siteEntries({
      site: {
        name: 'EXAMPLE-CLOUD',
        officialName: 'Example Cloud',
        country: 'Slovakia',
        latitude: 48.17,
        longitude: 17.07,
        contactEmail: 'ops@example.org',
        roc: 'NGI_SK',
      },
      document,
    }),
  ];
}

const values = (entry: LdifEntry | undefined, name: string) =>
  (entry?.attributes ?? []).filter(([n]) => n === name).map(([, v]) => v);
const byClass = (list: LdifEntry[], oc: string) =>
  list.filter((e) => values(e, 'objectClass').includes(oc));

const schemaFiles = ['core.schema', 'cosine.schema', 'GLUE20.schema'].map(
  (f) => `${SCHEMA_DIR}/${f}`,
);
const haveSchema = schemaFiles.every((f) => existsSync(f));
let schema: Schema | undefined;
function loadSchema(): Schema {
  if (!schema) {
    schema = { attributes: new Map(), classes: new Map() };
    for (const file of schemaFiles) parseSchema(readFileSync(file, 'utf8'), schema);
  }
  return schema;
}

describe('GLUE 2.0 LDIF of a GLUE 2.1 document', () => {
  it('puts the service tree under GLUE2GroupID=cloud of the site domain under o=glue', () => {
    const list = entries();
    const service = `GLUE2ServiceID=${URL}_cloud.compute,GLUE2GroupID=cloud,GLUE2DomainID=EXAMPLE-CLOUD,o=glue`;
    expect(list.map((e) => e.dn).slice(0, 6)).toEqual([
      'o=glue',
      'GLUE2DomainID=EXAMPLE-CLOUD,o=glue',
      'GLUE2LocationID=location.EXAMPLE-CLOUD,GLUE2DomainID=EXAMPLE-CLOUD,o=glue',
      'GLUE2ContactID=general.contact.EXAMPLE-CLOUD,GLUE2DomainID=EXAMPLE-CLOUD,o=glue',
      'GLUE2GroupID=cloud,GLUE2DomainID=EXAMPLE-CLOUD,o=glue',
      service,
    ]);
    expect(values(list[5], 'objectClass')).toEqual([
      'GLUE2Entity',
      'GLUE2Service',
      'GLUE2ComputingService',
    ]);
    expect(values(list[5], 'GLUE2EntityCreationTime')).toEqual(['2025-06-01T11:00:00Z']);
    expect(values(list[5], 'GLUE2EntityOtherInfo')).toEqual(
      expect.arrayContaining([
        'gocdb_id=7G0',
        'site_name=EXAMPLE-CLOUD',
        'ServiceAUP=http://go.egi.eu/aup',
      ]),
    );
    for (const entry of list.slice(6)) expect(entry.dn.endsWith(service)).toBe(true);
  });

  it('maps each share to a ComputingShare with a MappingPolicy naming its VO', () => {
    const list = entries();
    const shares = byClass(list, 'GLUE2ComputingShare');
    expect(
      shares.map((s) => values(s, 'GLUE2EntityOtherInfo').find((v) => v.startsWith('VO='))),
    ).toEqual(['VO=vo.access.egi.eu', 'VO=fedcloud.egi.eu']);
    expect(values(shares[0], 'GLUE2ComputingShareExecutionEnvironmentForeignKey')).toHaveLength(8);
    expect(values(shares[0], 'GLUE2ComputingShareMaxMainMemory')).toEqual(['65536']);
    const policies = byClass(list, 'GLUE2MappingPolicy');
    expect(policies).toHaveLength(2);
    expect(values(policies[1], 'GLUE2PolicyUserDomainForeignKey')).toEqual(['fedcloud.egi.eu']);
    expect(values(policies[1], 'GLUE2PolicyRule')).toEqual(['VO:fedcloud.egi.eu']);
    const shareId = `${URL}_OpenStack_v3_share_fedcloud.egi.eu_p-fedcloud`;
    expect(policies[1]!.dn).toBe(`GLUE2PolicyID=${shareId}_Policy,${shares[1]!.dn}`);
    const access = byClass(list, 'GLUE2AccessPolicy');
    expect(values(access[0], 'GLUE2PolicyRule')).toEqual([
      'VO:vo.access.egi.eu',
      'VO:fedcloud.egi.eu',
    ]);
  });

  it('writes one ExecutionEnvironment per flavor and one ApplicationEnvironment per image', () => {
    const list = entries();
    const envs = byClass(list, 'GLUE2ExecutionEnvironment');
    expect(envs).toHaveLength(8);
    const gpu = envs.find((e) => values(e, 'GLUE2EntityName')[0] === 'g1.large');
    expect(values(gpu, 'GLUE2ExecutionEnvironmentLogicalCPUs')).toEqual(['16']);
    expect(values(gpu, 'GLUE2ExecutionEnvironmentConnectivityIn')).toEqual(['UNDEFINED']);
    expect(values(gpu, 'GLUE2EntityOtherInfo')).toEqual(
      expect.arrayContaining([
        'disk=100',
        'GPUNumber=2',
        'GPUVendor=nvidia',
        'GPUModel=A100',
        'VO=fedcloud.egi.eu',
      ]),
    );
    const apps = byClass(list, 'GLUE2ApplicationEnvironment');
    expect(apps).toHaveLength(3);
    expect(values(apps[0], 'GLUE2ApplicationEnvironmentAppName')).toEqual([
      'registry.egi.eu egi_vm_images/ubuntu:22.04',
    ]);
    expect(values(apps[0], 'GLUE2ApplicationEnvironmentAppVersion')).toEqual([
      '2025-09-01-4d7122d6',
    ]);
    expect(values(apps[0], 'GLUE2EntityOtherInfo')).toEqual(
      expect.arrayContaining([
        'VO=vo.access.egi.eu',
        'VO=fedcloud.egi.eu',
        'eu.egi.cloud.image_ref=egi_vm_images/ubuntu:22.04',
        'OSName=ubuntu',
      ]),
    );
  });

  it('flattens OtherInfo into Key=value lines', () => {
    expect(otherInfoLines({ a: 1, b: { c: 'x', d: [true, 2] }, e: null })).toEqual([
      'a=1',
      'b.c=x',
      'b.d=true',
      'b.d=2',
    ]);
  });

  it('synthesises the manager a GLUE 2.0 resource must name when the document has none', () => {
    const document = documentFor();
    document.CloudComputingManager = [];
    const list = entries(document);
    const managers = byClass(list, 'GLUE2ComputingManager');
    expect(values(managers[0], 'GLUE2ManagerID')).toEqual([`${URL}_cloud.compute_manager`]);
    expect(values(managers[0], 'GLUE2ManagerProductName')).toEqual(['UNKNOWN']);
  });

  describe.skipIf(!haveSchema)('against the installed GLUE20.schema', () => {
    it('uses only its classes and attributes, with every MUST and no repeated SINGLE-VALUE', () => {
      expect(checkEntries(entries(), loadSchema())).toEqual([]);
    });

    it('stays valid for awkward ids, names and a site without VOs', () => {
      const document = documentFor({
        vos: [{ name: 'vo,with+specials', projectId: 'p=1' }],
        images: [{ id: ' #img;1 ', name: 'Ubuntu – “22.04”\nLTS' }],
        flavors: [{ id: 'fl<1>', name: 'odd, flavor', cpu: 1, ram: 512, disk: 0 }],
      });
      expect(checkEntries(entries(document), loadSchema())).toEqual([]);
      const empty = documentFor({ vos: [] });
      const list = entries(empty);
      expect(byClass(list, 'GLUE2AccessPolicy')).toEqual([]);
      expect(checkEntries(list, loadSchema())).toEqual([]);
    });

    it('notices what slapd would refuse (the checker itself can fail)', () => {
      const broken: LdifEntry[] = [
        rootEntry(),
        {
          dn: 'GLUE2DomainID=X,o=glue',
          attributes: [
            ['objectClass', 'GLUE2AdminDomain'],
            ['GLUE2DomainID', 'Y'],
            ['GLUE2CloudComputingShareProjectID', 'p'],
          ],
        },
        {
          dn: 'GLUE2ShareID=s,GLUE2DomainID=X,o=glue',
          attributes: [
            ['objectClass', 'GLUE2ComputingShare'],
            ['GLUE2ShareID', 's'],
            ['GLUE2ComputingShareMaxMainMemory', 'lots'],
            ['GLUE2EntityName', 'a'],
            ['GLUE2EntityName', 'b'],
          ],
        },
      ];
      const problems = checkEntries(broken, loadSchema());
      expect(problems).toEqual(
        expect.arrayContaining([
          expect.stringContaining('unknown attribute glue2cloudcomputingshareprojectid'),
          expect.stringContaining('RDN value not in the entry'),
          expect.stringContaining('missing MUST glue2shareserviceforeignkey'),
          expect.stringContaining('missing MUST glue2computingshareservingstate'),
          expect.stringContaining('must be an integer'),
          expect.stringContaining('SINGLE-VALUE glue2entityname'),
        ]),
      );
    });
  });
});
