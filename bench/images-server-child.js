// The image mirror of bench/images.js, in its own process so that making the bytes shares no
// event loop with the agent, the sandbox or the plain sink. GET /image/<bytes> streams that many
// deterministic bytes (one pseudo-random MiB, repeated; the last piece cut short), announced by
// Content-Length; GET /lists/<name> sends the file <name> of the folder given (the signed lists
// bench/images.js writes there); GET /cpu answers the CPU this process has used, in µs. Before
// listening it hashes every size asked for in one pass (the sha512 copied at each size), then
// prints {"url", "sha512": {"<bytes>": hex}, "hashMs"} on one line and runs until killed.
import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { basename, join } from 'node:path';

const [listDir, sizesArg] = process.argv.slice(2);
const sizes = sizesArg
  .split(',')
  .map(Number)
  .sort((a, b) => a - b);

/** One MiB of xorshift32: the same bytes every run, and nothing a compressor could shrink. */
function block() {
  const words = new Uint32Array(2 ** 18);
  let x = 0x9e3779b9;
  for (let i = 0; i < words.length; i += 1) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    words[i] = x >>> 0;
  }
  return Buffer.from(words.buffer);
}
const BLOCK = block();

/** The bytes [start, end) of the stream, a piece (at most the block) at a time. */
function* pieces(start, end) {
  for (let at = start; at < end;) {
    const offset = at % BLOCK.length;
    const piece =
      offset === 0 && end - at >= BLOCK.length
        ? BLOCK
        : BLOCK.subarray(offset, Math.min(BLOCK.length, offset + end - at));
    at += piece.length;
    yield piece;
  }
}

const t0 = performance.now();
const sha512 = {};
const hash = createHash('sha512');
let hashed = 0;
for (const size of sizes) {
  for (const piece of pieces(hashed, size)) hash.update(piece);
  hashed = size;
  sha512[size] = hash.copy().digest('hex');
}
const hashMs = performance.now() - t0;

function sendImage(res, size) {
  res.writeHead(200, {
    'content-type': 'application/octet-stream',
    'content-length': String(size),
  });
  const source = pieces(0, size);
  const pump = () => {
    for (;;) {
      if (res.destroyed) return;
      const { value, done } = source.next();
      if (done) {
        res.end();
        return;
      }
      if (!res.write(value)) {
        res.once('drain', pump);
        return;
      }
    }
  };
  pump();
}

const server = createServer((req, res) => {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  const image = /^\/image\/(\d+)$/.exec(path);
  if (image) {
    sendImage(res, Number(image[1]));
  } else if (path.startsWith('/lists/')) {
    readFile(join(listDir, basename(path))).then(
      (text) => res.writeHead(200, { 'content-type': 'text/plain' }).end(text),
      () => res.writeHead(404).end('no such list'),
    );
  } else if (path === '/cpu') {
    const { user, system } = process.cpuUsage();
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(user + system));
  } else {
    res.writeHead(404).end('no such thing');
  }
});
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${port}`, sha512, hashMs })}\n`);
});

function stop() {
  server.closeAllConnections();
  server.close(() => process.exit(0));
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
