import { describe, expect, it } from 'vitest';
import {
  FUTURE_TOLERANCE_MS,
  invalidDocumentError,
  parseGlueTime,
  validateGlueDocument,
} from './document.js';
import { buildGlueDocument, defaultFlavors, defaultImages } from '../testing/index.js';

const NOW = new Date('2025-06-01T12:00:00Z');
const URL = 'https://keystone.cloud.example.org:5000/v3';

function fixture(overrides: Partial<Parameters<typeof buildGlueDocument>[0]> = {}) {
  return buildGlueDocument({
    site: 'EXAMPLE-CLOUD',
    endpointUrl: URL,
    gocdbId: '42G0',
    creationTime: '2025-06-01T11:00:00.123456+00:00',
    vos: [
      { name: 'vo.access.egi.eu', projectId: 'a1b2c3', projectName: 'access' },
      { name: 'fedcloud.egi.eu', projectId: 'd4e5f6' },
    ],
    images: defaultImages(3),
    flavors: defaultFlavors(8),
    ...overrides,
  });
}

function issuesOf(value: unknown, site = 'EXAMPLE-CLOUD') {
  const result = validateGlueDocument(value, { site, now: NOW });
  if (result.ok) throw new Error('expected the document to be refused');
  return result.issues;
}

describe('validateGlueDocument', () => {
  it('accepts what cloud-info-provider writes and derives validity, VOs and counts', () => {
    const result = validateGlueDocument(fixture(), { site: 'EXAMPLE-CLOUD', now: NOW });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.creationTime).toBe('2025-06-01T11:00:00.123Z');
    expect(result.value.expiresAt).toBe('2025-06-01T23:00:00.123Z');
    expect(result.value.voProjects).toEqual([
      { vo: 'vo.access.egi.eu', projectId: 'a1b2c3', projectName: 'access' },
      { vo: 'fedcloud.egi.eu', projectId: 'd4e5f6', projectName: 'fedcloud.egi.eu' },
    ]);
    // Images and flavors repeat once per share, as the provider writes them.
    expect(result.value.counts).toEqual({ shares: 2, images: 6, instanceTypes: 16 });
  });

  it('reads a CreationTime without offset as UTC, as cloud-info-api does', () => {
    expect(parseGlueTime('2025-05-08T15:07:06.423857')).toBe(
      Date.parse('2025-05-08T15:07:06.423Z'),
    );
    expect(parseGlueTime('2025-05-08T17:07:06+02:00')).toBe(Date.parse('2025-05-08T15:07:06Z'));
    const doc = fixture({ creationTime: '2025-06-01T11:00:00', validity: 7200 });
    const result = validateGlueDocument(doc, { site: 'EXAMPLE-CLOUD', now: NOW });
    expect(result.ok && result.value.expiresAt).toBe('2025-06-01T13:00:00.000Z');
  });

  it('accepts a site without VOs (no Share, no MappingPolicy keys) and keeps unknown keys', () => {
    const doc = fixture({ vos: [] });
    expect(doc.Share).toBeUndefined();
    (doc.CloudComputingService![0] as Record<string, unknown>).FutureField = { x: 1 };
    const result = validateGlueDocument(doc, { site: 'EXAMPLE-CLOUD', now: NOW });
    expect(result.ok).toBe(true);
    expect(result.ok && result.value.voProjects).toEqual([]);
  });

  it('refuses a value that is not an object, naming the root', () => {
    expect(issuesOf([])).toEqual([{ path: '$', message: expect.stringMatching(/object/) }]);
    expect(issuesOf('text')[0]!.path).toBe('$');
  });

  it('refuses a document without its service, naming the missing class', () => {
    const doc = fixture();
    delete (doc as Record<string, unknown>).CloudComputingService;
    expect(issuesOf(doc)).toEqual([
      { path: '$.CloudComputingService', message: expect.stringMatching(/required/) },
    ]);
  });

  it('lists every schema issue with its JSON path', () => {
    const doc = fixture();
    const share = doc.Share![1] as Record<string, unknown>;
    share.ProjectID = '';
    (doc.CloudComputingInstanceType![0] as Record<string, unknown>).CPU = 'two';
    delete (doc.CloudComputingEndpoint![0] as Record<string, unknown>).URL;
    const paths = issuesOf(doc).map((i) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        '$.Share[1].ProjectID',
        '$.CloudComputingInstanceType[0].CPU',
        '$.CloudComputingEndpoint[0].URL',
      ]),
    );
  });

  it('refuses a share that no mapping policy names', () => {
    const doc = fixture();
    doc.MappingPolicy = doc.MappingPolicy!.slice(1);
    const issues = issuesOf(doc);
    expect(issues).toEqual([
      { path: '$.Share[0]', message: expect.stringContaining('has no MappingPolicy') },
    ]);
  });

  it('refuses a mapping policy that names no VO', () => {
    const doc = fixture();
    const policy = doc.MappingPolicy![0] as { Associations: Record<string, string[]> };
    policy.Associations.PolicyUserDomain = [];
    expect(issuesOf(doc)).toEqual([
      {
        path: '$.MappingPolicy[0].Associations.PolicyUserDomain',
        message: expect.stringContaining('must name the VO'),
      },
    ]);
  });

  it('refuses associations that point at nothing in the document', () => {
    const doc = fixture();
    const image = doc.CloudComputingImage![2] as { Associations: Record<string, string[]> };
    image.Associations.Share = ['no-such-share'];
    const itype = doc.CloudComputingInstanceType![7] as {
      Associations: Record<string, string[]>;
    };
    itype.Associations.CloudComputingVirtualAccelerator = ['8_gpu', 'ghost_gpu'];
    expect(issuesOf(doc)).toEqual([
      {
        path: '$.CloudComputingImage[2].Associations.Share[0]',
        message: 'points at Share "no-such-share", which is not in the document',
      },
      {
        path: '$.CloudComputingInstanceType[7].Associations.CloudComputingVirtualAccelerator[1]',
        message: expect.stringContaining('"ghost_gpu"'),
      },
    ]);
  });

  it('refuses a document about another site', () => {
    const doc = fixture();
    const issues = issuesOf(doc, 'OTHER-SITE');
    expect(issues.map((i) => i.path)).toEqual([
      '$.CloudComputingService[0].OtherInfo.site_name',
      '$.CloudComputingService[0].Associations.AdminDomain[0]',
    ]);
  });

  it('refuses a CreationTime from the future beyond the tolerance, not within it', () => {
    const soon = new Date(NOW.getTime() + FUTURE_TOLERANCE_MS - 1000).toISOString();
    expect(
      validateGlueDocument(fixture({ creationTime: soon }), { site: 'EXAMPLE-CLOUD', now: NOW }).ok,
    ).toBe(true);
    const later = new Date(NOW.getTime() + 60 * 60_000).toISOString();
    expect(issuesOf(fixture({ creationTime: later }))).toEqual([
      {
        path: '$.CloudComputingService[0].CreationTime',
        message: expect.stringMatching(/60 minutes in the future/),
      },
    ]);
  });

  it('refuses a blank project and a duplicate share id', () => {
    const doc = fixture();
    (doc.Share![0] as Record<string, unknown>).ProjectID = '   ';
    doc.Share!.push(structuredClone(doc.Share![1]));
    const issues = issuesOf(doc);
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: '$.Share[0].ProjectID', message: 'must not be blank' },
        { path: '$.Share[2].ID', message: 'duplicate Share id' },
      ]),
    );
  });

  it('turns issues into a 422 INVALID_DOCUMENT with all of them in details', () => {
    const issues = Array.from({ length: 7 }, (_, i) => ({ path: `$.Share[${i}]`, message: 'bad' }));
    const error = invalidDocumentError(issues);
    expect(error.status).toBe(422);
    expect(error.code).toBe('INVALID_DOCUMENT');
    expect(error.message).toMatch(
      /^the GLUE 2.1 document has 7 problems: \$\.Share\[0\]: bad;.*and 2 more$/,
    );
    expect(error.toBody().error.details).toEqual({ issues });
  });
});
