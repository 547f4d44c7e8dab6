import { controlRequest, readRunning } from './running.js';

/**
 * A new mytoken from the running sandbox: its mytoken server's signing key is in that process, so
 * the control API mints it (POST /mytokens), as `fedcloud-sandbox token` asks the issuer.
 */
async function issueMytoken(
  dataDir: string,
  username: string,
  options: { usesAt?: number; expiresInSeconds?: number },
): Promise<string> {
  const running = await readRunning(dataDir);
  const body = (await controlRequest(running, 'POST', '/mytokens', { username, ...options })) as {
    mytoken: string;
  };
  return body.mytoken;
}

export async function runMytoken(
  dataDir: string,
  username: string,
  options: { usesAt?: number; expiresInSeconds?: number },
): Promise<void> {
  process.stdout.write(`${await issueMytoken(dataDir, username, options)}\n`);
}
