import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { measurementOf, parseCloudMessage, type CloudRecord } from '@fedcloud/sdk/accounting';

/**
 * For the accounting tests only (not part of the agent's API): a tiny HTTP server with the
 * hub's batch contract (`PUT /api/v1/sites/<site>/accounting/batches/<id>`, text/plain APEL
 * message, bearer token; answer `{batch, accepted, rejected, duplicate}`, 201 new, 200 a batch it
 * has), keeping the latest record per VM-month as the APEL server does, with faults to order.
 */
export interface StandInHub {
  url: string;
  /** Stored batches by id, with their text. */
  batches: Map<string, string>;
  /** `<VMUUID> <year>-<month>` → the record kept for that VM-month. */
  records: Map<string, CloudRecord>;
  /** Every batch request, faulted or not. */
  requests: { site: string; batch: string; token: string | undefined; contentType: string }[];
  /** The next `count` batch requests get `status` (nothing stored). */
  failNext(count: number, status: number, headers?: Record<string, string>): void;
  /** The next `count` batches are stored, then the connection is cut before the answer. */
  cutAfterStore(count: number): void;
  /** While down, every connection is cut at once (a hub that is off the network). */
  setDown(down: boolean): void;
  close(): Promise<void>;
}

export async function startStandInHub(): Promise<StandInHub> {
  const batches = new Map<string, string>();
  const answers = new Map<string, unknown>();
  const records = new Map<string, CloudRecord>();
  const requests: StandInHub['requests'] = [];
  const faults: { status: number; headers: Record<string, string> }[] = [];
  let cuts = 0;
  let down = false;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (down) {
      req.socket.destroy();
      return;
    }
    const match = /^\/api\/v1\/sites\/([^/]+)\/accounting\/batches\/([^/]+)$/.exec(req.url ?? '');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const send = (status: number, value: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(value));
    };
    if (!match || req.method !== 'PUT') {
      send(404, { error: { code: 'NOT_FOUND', message: 'no such route' } });
      return;
    }
    const site = decodeURIComponent(match[1]!);
    const batch = decodeURIComponent(match[2]!);
    const auth = req.headers.authorization;
    const token = auth?.startsWith('Bearer ') ? auth.slice(7) : undefined;
    requests.push({ site, batch, token, contentType: req.headers['content-type'] ?? '' });
    const fault = faults.shift();
    if (fault) {
      send(
        fault.status,
        { error: { code: 'FAULT', message: `injected ${fault.status}` } },
        fault.headers,
      );
      return;
    }
    if (!token) {
      send(401, { error: { code: 'UNAUTHENTICATED', message: 'a bearer token is needed' } });
      return;
    }
    const known = answers.get(batch);
    if (known) {
      send(200, { ...known, duplicate: true });
      return;
    }
    const parsed = parseCloudMessage(body);
    if (!parsed.ok) {
      send(422, { error: { code: 'UNPROCESSABLE', message: parsed.reason } });
      return;
    }
    for (const record of parsed.records) {
      const { year, month, time } = measurementOf(record);
      const key = `${record.vmUuid} ${year}-${String(month).padStart(2, '0')}`;
      const kept = records.get(key);
      if (!kept || measurementOf(kept).time <= time) records.set(key, record);
    }
    const answer = {
      batch,
      accepted: parsed.records.length,
      rejected: parsed.rejected,
      duplicate: false,
    };
    batches.set(batch, body);
    answers.set(batch, answer);
    if (cuts > 0) {
      cuts -= 1;
      req.socket.destroy();
      return;
    }
    send(201, answer);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    batches,
    records,
    requests,
    failNext(count, status, headers = {}) {
      for (let i = 0; i < count; i += 1) faults.push({ status, headers });
    },
    cutAfterStore(count) {
      cuts += count;
    },
    setDown(value) {
      down = value;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
