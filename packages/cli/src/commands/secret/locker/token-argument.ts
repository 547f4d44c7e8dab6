import { FedcloudError } from '@fedcloud/sdk';

/** `[locker_token]`, else FEDCLOUD_LOCKER_TOKEN, as click's envvar on the argument does. */
export function lockerTokenArgument(given: string | undefined, env: NodeJS.ProcessEnv): string {
  const token = given?.trim() || env.FEDCLOUD_LOCKER_TOKEN?.trim();
  if (!token) {
    throw new FedcloudError('USAGE', "Missing argument '[locker_token]'.", {
      hint: 'Set FEDCLOUD_LOCKER_TOKEN (better than an argument, which other users can see), or give the token.',
    });
  }
  return token;
}
