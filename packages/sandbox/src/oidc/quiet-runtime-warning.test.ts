import { execFile } from 'node:child_process';
import { describe, expect, it } from 'vitest';

// The built module (npm test builds first), as the sandbox's bin loads it.
const provider = new URL('../../dist/oidc/provider.js', import.meta.url).href;

function runNode(code: string): Promise<{ stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    execFile(
      process.execPath,
      ['--input-type=module', '-e', code],
      { timeout: 60_000 },
      (error, stdout, stderr) =>
        error ? fail(new Error(stderr, { cause: error })) : done({ stdout, stderr }),
    );
  });
}

describe("oidc-provider's runtime warning", () => {
  it('is not printed when the issuer loads oidc-provider, and other warnings still are', async () => {
    const { stderr } = await runNode(
      `await import(${JSON.stringify(provider)}); console.warn('another warning');`,
    );
    expect(stderr).toBe('another warning\n');
  });

  it('drops the one-time notice about the body public-client-basic.ts reads before it', async () => {
    const notice =
      'oidc-provider WARNING: already parsed request body detected, having upstream middleware parser is not recommended, resolving to use req.body or request.body instead';
    const { stderr } = await runNode(
      `await import(${JSON.stringify(provider)}); console.warn(${JSON.stringify(notice)}); console.warn('oidc-provider WARNING: something else');`,
    );
    expect(stderr).toBe('oidc-provider WARNING: something else\n');
  });
});
