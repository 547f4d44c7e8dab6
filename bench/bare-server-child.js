// The baseline for bench/hub.js: a bare node:http server sending the bytes the hub sent for one
// answer (identity, or gzip when asked), with the same headers, so the ratio is the cost of the
// hub's routing and negotiation alone. Prints {"url"} on one line and runs until killed.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const [identityFile, gzipFile, etag] = process.argv.slice(2);
const identity = readFileSync(identityFile);
const gzip = readFileSync(gzipFile);

const server = createServer((req, res) => {
  const zipped = /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');
  const body = zipped ? gzip : identity;
  res.writeHead(200, {
    'content-type': 'application/json',
    'content-length': body.byteLength,
    vary: 'accept-encoding',
    etag: zipped ? etag.replace(/"$/, '-gzip"') : etag,
    ...(zipped ? { 'content-encoding': 'gzip' } : {}),
  });
  res.end(body);
});
server.keepAliveTimeout = 10_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${server.address().port}` })}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
