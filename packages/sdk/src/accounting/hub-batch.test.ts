import { describe, expect, it } from 'vitest';
import {
  accountingBatchAnswerSchema,
  accountingBatchPath,
  BATCH_ID_PATTERN,
  putAccountingBatch,
} from './hub-batch.js';

describe('the hub batch call', () => {
  it('PUTs the message as text/plain with the bearer token under the site and batch id', async () => {
    const seen: { url: string; init: RequestInit }[] = [];
    const fetchFn = (async (url: string, init: RequestInit) => {
      seen.push({ url, init });
      return new Response('{"batch":"b1","accepted":1,"rejected":[],"duplicate":false}', {
        status: 200,
      });
    }) as unknown as typeof fetch;
    const answer = await putAccountingBatch({
      hubUrl: 'https://hub.example.org/',
      siteName: 'SITE A',
      batchId: '20261130T220000Z-0a1b',
      message: 'APEL-cloud-message: v0.4\nVMUUID: v\nSiteName: S\n',
      token: 'tok',
      fetch: fetchFn,
    });
    expect(seen[0]?.url).toBe(
      'https://hub.example.org/api/v1/sites/SITE%20A/accounting/batches/20261130T220000Z-0a1b',
    );
    expect(seen[0]?.init.method).toBe('PUT');
    expect(seen[0]?.init.headers).toMatchObject({
      authorization: 'Bearer tok',
      'content-type': 'text/plain',
    });
    expect(seen[0]?.init.body).toBe('APEL-cloud-message: v0.4\nVMUUID: v\nSiteName: S\n');
    expect(accountingBatchAnswerSchema.parse(JSON.parse(answer.text))).toEqual({
      batch: 'b1',
      accepted: 1,
      rejected: [],
      duplicate: false,
    });
  });

  it('keeps batch ids safe in a path and a file name', () => {
    expect(BATCH_ID_PATTERN.test('20261130T220000123Z-0a1b2c3d4e5f6789')).toBe(true);
    expect(BATCH_ID_PATTERN.test('../etc')).toBe(false);
    expect(accountingBatchPath('S', 'a/b')).toBe('/api/v1/sites/S/accounting/batches/a%2Fb');
  });
});
