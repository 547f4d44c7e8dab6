// The hub under test for bench/hub.js, in its own process so the load generator does not share
// its event loop: seeds an SQLite database with N registered sites, each with a published GLUE
// 2.1 document (through the hub's own validation and publication code), then serves it with
// startHub, prints {"url", ...} on one line and runs until killed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, startHub } from '@fedcloud/hub';
import {
  buildGlueDocument,
  defaultFlavors,
  defaultImages,
  insertSite,
  publishDocument,
  testHubContext,
} from '@fedcloud/hub/testing';

const siteCount = Number(process.argv[2] ?? 300);
const dir = mkdtempSync(join(tmpdir(), 'fedcloud-bench-hub-'));
const file = join(dir, 'hub.db');
const VOS = ['vo.access.egi.eu', 'fedcloud.egi.eu', 'training.egi.eu'];

const t0 = performance.now();
const database = await openDatabase(file);
const seeding = testHubContext(database);
const now = new Date();
let bytes = 0;
for (let i = 0; i < siteCount; i += 1) {
  const name = `BENCH-SITE-${String(i).padStart(3, '0')}`;
  const url = `https://keystone.site${i}.example.org:5000/v3`;
  const site = await insertSite(database.db, name, { novaUrl: url, country: 'Slovakia' });
  const document = buildGlueDocument({
    site: name,
    endpointUrl: url,
    gocdbId: `${site.novaEndpointId}G0`,
    creationTime: now,
    vos: VOS.map((vo, v) => ({
      name: vo,
      projectId: `${(i * 7 + v).toString(16).padStart(32, '0')}`,
    })),
    images: defaultImages(10),
    flavors: defaultFlavors(8),
  });
  bytes += JSON.stringify(document).length;
  await publishDocument(seeding, {
    siteId: site.id,
    site: name,
    document,
    now,
    publisher: 'bench',
  });
}
await database.close();
const seedMs = performance.now() - t0;

const hub = await startHub({ database: file, issuerUrl: '', port: 0, dashboardDir: false });
process.stdout.write(
  `${JSON.stringify({ url: hub.url, seedMs, sites: siteCount, documentBytes: bytes / siteCount })}\n`,
);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await hub.stop();
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.on('disconnect', stop);
