import { describe, expect, it } from 'vitest';
import { ListMethodRewriter, rewriteListHead } from './list-method.js';

/** Feeds the chunks through a rewriter and returns what comes out, as text. */
async function rewrite(...chunks: string[]): Promise<string> {
  const rewriter = new ListMethodRewriter();
  const out: Buffer[] = [];
  rewriter.on('data', (chunk: Buffer) => out.push(chunk));
  const ended = new Promise((resolve) => rewriter.on('end', resolve));
  for (const chunk of chunks) rewriter.write(Buffer.from(chunk, 'latin1'));
  rewriter.end();
  await ended;
  return Buffer.concat(out).toString('latin1');
}

describe('the LIST rewriter', () => {
  it('turns LIST into GET ?list=true, keeping an existing query after it', () => {
    expect(
      rewriteListHead(Buffer.from('LIST /v1/secrets/a HTTP/1.1\r\nHost: x\r\n\r\n')).toString(),
    ).toBe('GET /v1/secrets/a?list=true HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(rewriteListHead(Buffer.from('LIST /v1/c/?x=1 HTTP/1.1\r\n\r\n')).toString()).toBe(
      'GET /v1/c/?list=true&x=1 HTTP/1.1\r\n\r\n',
    );
    const get = Buffer.from('GET /v1/sys/health HTTP/1.1\r\n\r\n');
    expect(rewriteListHead(get)).toBe(get);
  });

  it('rewrites the heads of keep-alive requests and never a body that reads like one', async () => {
    const post =
      'POST /v1/secrets/a HTTP/1.1\r\nContent-Length: 24\r\n\r\nLIST /v1/evil HTTP/1.1\r\n';
    const list = 'LIST /v1/secrets/ HTTP/1.1\r\nHost: x\r\n\r\n';
    expect(await rewrite(post + list)).toBe(
      `${post}GET /v1/secrets/?list=true HTTP/1.1\r\nHost: x\r\n\r\n`,
    );
  });

  it('follows chunked bodies, whatever the packet boundaries', async () => {
    const chunked =
      'PUT /v1/a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nLIST \r\n0\r\n\r\n';
    const list = 'LIST /v1/b HTTP/1.1\r\n\r\n';
    const whole = chunked + list;
    const expected = `${chunked}GET /v1/b?list=true HTTP/1.1\r\n\r\n`;
    expect(await rewrite(whole)).toBe(expected);
    // One byte at a time: heads and chunk lines split anywhere.
    expect(await rewrite(...whole.split(''))).toBe(expected);
  });

  it('passes blank lines between requests through', async () => {
    expect(await rewrite('\r\nLIST /v1/x HTTP/1.1\r\n\r\n')).toBe(
      '\r\nGET /v1/x?list=true HTTP/1.1\r\n\r\n',
    );
  });
});
