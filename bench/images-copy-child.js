// The baseline of bench/images.js, in a fresh process as the agent is: a plain copy of the image
// over loopback with node:http alone, GET <from> piped into PUT <to> with the announced
// Content-Length; nothing counted, hashed or checked on the way. Prints {"copyMs", "bytes"}.
import { request } from 'node:http';
import { pipeline } from 'node:stream/promises';

const [from, to] = process.argv.slice(2);

const t0 = performance.now();
const source = await new Promise((resolve, reject) => {
  request(from, resolve).on('error', reject).end();
});
if (source.statusCode !== 200) throw new Error(`GET ${from}: HTTP ${source.statusCode}`);
const bytes = Number(source.headers['content-length']);
const sink = request(to, {
  method: 'PUT',
  headers: { 'content-type': 'application/octet-stream', 'content-length': String(bytes) },
});
const answered = new Promise((resolve, reject) => {
  sink.once('response', resolve).once('error', reject);
});
await pipeline(source, sink);
const response = await answered;
response.resume();
if (response.statusCode !== 204) throw new Error(`PUT ${to}: HTTP ${response.statusCode}`);
process.stdout.write(`${JSON.stringify({ copyMs: performance.now() - t0, bytes })}\n`);
