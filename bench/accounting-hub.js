// The hub as the accounting benchmarks use it: a fresh database (SQLite always, PostgreSQL when
// FEDCLOUD_TEST_PG_URL is set, as the hub's tests do), its sites registered with a site agent
// each, and the hub's own app, called in-process (app.request: no socket) so what is timed is the
// route and the repository behind it.
import { createHubApp } from '@fedcloud/hub';
import {
  fixedTokenVerifier,
  grantRole,
  insertSite,
  testDatabases,
  testHubContext,
} from '@fedcloud/hub/testing';
import { renderCloudMessages } from '@fedcloud/sdk/accounting';
import { cloudRecordOf, recordRow, SITES, siteName } from './accounting-records.js';

export const pgSkipped =
  'PostgreSQL skipped: FEDCLOUD_TEST_PG_URL is not set (tools/ci/postgres-up.sh prints it)';

/** SQLite, and PostgreSQL when its URL is set (a throw-away database per open). */
export function benchDatabases() {
  return testDatabases({ FEDCLOUD_TEST_PG_URL: process.env.FEDCLOUD_TEST_PG_URL });
}

const agentOf = (s) => `agent-${s}`;

/** A hub app over `database`, whose bench sites are registered, each with its agent's token. */
export async function accountingHub(database) {
  const tokens = {};
  for (let s = 0; s < SITES; s += 1) {
    tokens[agentOf(s)] = { subject: agentOf(s), isClient: true };
    await insertSite(database.db, siteName(s));
    await grantRole(database.db, agentOf(s), 'site-agent', siteName(s));
  }
  const app = createHubApp(
    testHubContext(database, { verifier: fixedTokenVerifier(tokens), now: () => new Date() }),
  );
  return {
    app,
    /** PUT one message as the site's agent; throws unless the hub stored every record. */
    async put(message) {
      const response = await app.request(
        `/api/v1/sites/${message.site}/accounting/batches/${message.batchId}`,
        {
          method: 'PUT',
          headers: {
            'content-type': 'text/plain',
            authorization: `Bearer ${agentOf(message.siteIndex)}`,
          },
          body: message.body,
        },
      );
      await checkAnswer(response, message);
    },
    async usage(query) {
      const response = await app.request(`/api/v1/accounting/usage?${query}`);
      if (response.status !== 200) throw new Error(`usage ${query}: HTTP ${response.status}`);
      return (await response.json()).rows;
    },
  };
}

export async function checkAnswer(response, message) {
  const text = await response.text();
  if (response.status !== 201) {
    throw new Error(`PUT ${message.batchId}: HTTP ${response.status} ${text.slice(0, 300)}`);
  }
  const answer = JSON.parse(text);
  if (answer.accepted !== message.records || answer.rejected.length > 0) {
    throw new Error(`PUT ${message.batchId}: ${text.slice(0, 300)}`);
  }
}

/**
 * Records [0, n) of the population as APEL cloud messages of `size` records, each of one site
 * (a site sends its own), a site's records month by month as cASO sends them, so from a VM's
 * second month on its earlier months are already stored when a record arrives.
 */
export function messagesOf(n, size, tag = `b${size}`) {
  const rows = Array.from({ length: n }, (_, i) => recordRow(i, n));
  const month = (row) => row.year * 12 + row.month;
  rows.sort((a, b) => cmp(a.site, b.site) || month(a) - month(b) || cmp(a.vm_uuid, b.vm_uuid));
  const bySite = new Map();
  for (const row of rows) {
    let list = bySite.get(row.site);
    if (!list) bySite.set(row.site, (list = []));
    list.push(cloudRecordOf(row));
  }
  const messages = [];
  for (const [site, records] of bySite) {
    const siteIndex = Number(site.slice(-2));
    for (const [k, body] of renderCloudMessages(records, size).entries()) {
      const count = Math.min(size, records.length - k * size);
      messages.push({ site, siteIndex, batchId: `${tag}-${k}`, body, records: count });
    }
  }
  return messages;
}

function cmp(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}
