import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { passwordGrant } from '@fedcloud/sandbox';
import { notRunning, readRunning, trustingFetch } from './running.js';

interface UsersFile {
  tokenEndpoint: string;
  clientId: string;
  users: { username: string; password: string }[];
}

export async function runToken(dataDir: string, username: string, scope: string): Promise<void> {
  process.stdout.write(`${await issueToken(dataDir, username, scope)}\n`);
}

/** A fresh access token of a seeded user, from the running sandbox's issuer. */
export async function issueToken(
  dataDir: string,
  username: string,
  scope: string,
): Promise<string> {
  const running = await readRunning(dataDir);
  const users = JSON.parse(await readFile(join(dataDir, 'users.json'), 'utf8')) as UsersFile;
  const user = users.users.find((u) => u.username === username);
  if (!user) {
    throw new Error(
      `no seeded user "${username}"; the sandbox has: ${users.users.map((u) => u.username).join(', ')}`,
    );
  }
  const fetchFn = await trustingFetch(running.caFile);
  let token: string;
  try {
    token = await passwordGrant(fetchFn, {
      tokenEndpoint: users.tokenEndpoint,
      clientId: users.clientId,
      username: user.username,
      password: user.password,
      scope,
    });
  } catch (error) {
    if (error instanceof TypeError) throw notRunning(running.issuer, error);
    throw error;
  }
  return token;
}
