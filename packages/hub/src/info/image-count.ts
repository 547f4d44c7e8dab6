import type { HubDb } from '../db/tables.js';

/**
 * Distinct images of a document: cloud-info-provider repeats an image once per share that sees
 * it (a public image at a site with five VOs is five entities), so entities are counted by ID.
 */
export function countImages(body: string): number {
  try {
    const doc = JSON.parse(body) as { CloudComputingImage?: unknown };
    if (!Array.isArray(doc.CloudComputingImage)) return 0;
    const ids = new Set<unknown>();
    for (const image of doc.CloudComputingImage as { ID?: unknown }[]) ids.add(image?.ID);
    return ids.size;
  } catch {
    return 0;
  }
}

/**
 * Images offered across the federation: distinct images of every site's current document.
 * Which documents are current is read on every call; a document's count is kept by its id,
 * since a stored document never changes.
 */
export class ImageCounts {
  private readonly byDocument = new Map<number, number>();

  constructor(private readonly db: HubDb) {}

  async current(): Promise<number> {
    const current = await this.db.selectFrom('info_current').select('document_id').execute();
    const ids = new Set(current.map((c) => c.document_id));
    for (const id of this.byDocument.keys()) if (!ids.has(id)) this.byDocument.delete(id);
    const missing = [...ids].filter((id) => !this.byDocument.has(id));
    if (missing.length > 0) {
      const docs = await this.db
        .selectFrom('info_documents')
        .select(['id', 'body'])
        .where('id', 'in', missing)
        .execute();
      for (const doc of docs) this.byDocument.set(doc.id, countImages(doc.body));
    }
    let total = 0;
    for (const id of ids) total += this.byDocument.get(id) ?? 0;
    return total;
  }
}
