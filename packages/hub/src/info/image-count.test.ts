import { describe, expect, it } from 'vitest';
import { buildGlueDocument, defaultImages } from '../testing/index.js';
import { countImages } from './image-count.js';

describe('the overview image count', () => {
  it('counts an image seen by several VOs of a site once', () => {
    // Three images, each published once per share: six CloudComputingImage entities.
    const body = JSON.stringify(
      buildGlueDocument({
        site: 'SITE-A',
        endpointUrl: 'https://a.example.org:5000/v3',
        creationTime: '2025-03-01T11:00:00Z',
        vos: [
          { name: 'vo.one', projectId: 'p1' },
          { name: 'vo.two', projectId: 'p2' },
        ],
        images: defaultImages(3),
      }),
    );
    expect(
      (JSON.parse(body) as { CloudComputingImage: unknown[] }).CloudComputingImage,
    ).toHaveLength(6);
    expect(countImages(body)).toBe(3);
  });

  it('counts nothing in a body that is not a document', () => {
    expect(countImages('not json')).toBe(0);
    expect(countImages('{}')).toBe(0);
  });
});
