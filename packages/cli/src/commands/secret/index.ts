import { Option, type Command } from '@commander-js/extra-typings';
import { actionArgs, loadRuntime } from '../../command-args.js';
import {
  addLockerTokenOption,
  addOidcOptions,
  addVaultOption,
  type VaultFlags,
} from '../../options.js';
import { outputFormatOption, parseNumUses } from './output-format.js';

/**
 * fedcloudclient 1.4.4's `fedcloud secret` tree (secret.py): get, list, put, delete on your
 * own secrets in EGI's Vault (or a locker's with --locker-token), and locker create, check,
 * revoke. Each verb's module is imported when it runs.
 */
export function registerSecret(program: Command): void {
  const secret = program
    .command('secret')
    .description("keep secrets in EGI's secret store (Vault): your own, or a locker's")
    .addHelpText(
      'after',
      `
Your secrets live under your Check-in ID; --locker-token (FEDCLOUD_LOCKER_TOKEN) works in a
locker instead, without an OIDC token: hand a locker to a VM or a pipeline, not your token.

Examples:
  fedcloud secret put my_app user=ann password=@password.txt
  fedcloud secret get my_app
  fedcloud secret get my_app password -o password.txt
  fedcloud secret list
  fedcloud secret delete my_app
  export FEDCLOUD_LOCKER_TOKEN=$(fedcloud secret locker create --ttl 1h --num-uses 5)
  fedcloud secret put for_vm token=-  < token.txt     # in the locker now`,
    );

  // fedcloudclient's secret_token_params: a locker token, or the OIDC options; plus --vault-url.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any command, as in options.ts
  const tokenOptions = <C extends Command<any, any, any>>(command: C) =>
    addVaultOption(addOidcOptions(addLockerTokenOption(command)));

  tokenOptions(
    secret
      .command('get')
      .description('print the secret at a path, or only the value of one of its keys')
      .argument('<path>', 'secret path, e.g. my_app')
      .argument('[key]', 'print only the value of this key'),
  )
    .addOption(outputFormatOption())
    .addOption(new Option('-d, --decrypt-key <key>', 'decryption key or passphrase (see put -e)'))
    .addOption(
      new Option('-b, --binary-file', 'the value is a binary file: base64-decode it (with [key])'),
    )
    .addOption(new Option('-o, --output-file <file>', 'write to this file (mode 0600)'))
    .addHelpText(
      'after',
      `
Examples:
  fedcloud secret get my_app                       # a key/value table
  fedcloud secret get my_app -f JSON | jq -r .user
  fedcloud secret get my_app password              # the value alone, no newline added
  fedcloud secret get my_app cert -b -o cert.p12   # a binary file put with -b
  fedcloud secret get my_app -d "my passphrase"    # values encrypted with put -e`,
    )
    .action(async (...args) => {
      const { opts, command } = actionArgs<import('./get.js').GetFlags>(args);
      const [path, key] = args as unknown as [string, string | undefined];
      const { getSecret, renderSecret } = await import('./get.js');
      const runtime = await loadRuntime(command);
      await renderSecret(runtime.ctx, await getSecret(runtime, opts, path, key), opts);
    });

  tokenOptions(
    secret
      .command('list')
      .description('list the secrets in a path (your top folder by default)')
      .argument('[path]', 'folder to list', ''),
  )
    .addHelpText(
      'after',
      `
Examples:
  fedcloud secret list
  fedcloud secret list my_folder`,
    )
    .action(async (...args) => {
      const { opts, command } = actionArgs<import('./vault.js').SecretTokenFlags>(args);
      const [path] = args as unknown as [string];
      const { listSecrets, renderSecretList } = await import('./list.js');
      const runtime = await loadRuntime(command);
      renderSecretList(runtime.ctx, await listSecrets(runtime, opts, path));
    });

  tokenOptions(
    secret
      .command('put')
      .description('store a secret at a path, from key=value arguments (replaces what was there)')
      .argument('<path>', 'secret path, e.g. my_app')
      .argument('[secrets...]', 'key=value, key=@file, key=-, @file.yaml, @file.json or -'),
  )
    .addOption(
      new Option('-e, --encrypt-key <key>', 'encrypt the values with this key or passphrase'),
    )
    .addOption(
      new Option('-b, --binary-file', 'read key=@file and key=- as binary (stored base64-encoded)'),
    )
    .addHelpText(
      'after',
      `
Values: key=value as given; key=@file the file's content; key=- standard input;
@file.json or @file.yaml (any other name is read as YAML) every key of the object in it;
- a YAML object on standard input. Later arguments override earlier keys.

Examples:
  fedcloud secret put my_app user=ann password=@password.txt
  fedcloud secret put my_app @settings.yaml
  fedcloud secret put my_app cert=@cert.p12 -b
  echo "$TOKEN" | fedcloud secret put my_app token=-
  fedcloud secret put my_app password=s3cret -e "my passphrase"`,
    )
    .action(async (...args) => {
      const { opts, command } = actionArgs<import('./put.js').PutFlags>(args);
      const [path, secrets] = args as unknown as [string, string[]];
      const { putSecret } = await import('./put.js');
      const runtime = await loadRuntime(command);
      await putSecret(runtime, opts, path, secrets);
    });

  tokenOptions(
    secret
      .command('delete')
      .description('delete the secret at a path')
      .argument('<path>', 'secret path, e.g. my_app'),
  )
    .addHelpText(
      'after',
      `
Examples:
  fedcloud secret delete my_app`,
    )
    .action(async (...args) => {
      const { opts, command } = actionArgs<import('./vault.js').SecretTokenFlags>(args);
      const [path] = args as unknown as [string];
      const { deleteSecret } = await import('./delete.js');
      const runtime = await loadRuntime(command);
      await deleteSecret(runtime, opts, path);
    });

  const locker = secret
    .command('locker')
    .description('create and check lockers: short-lived tokens with a secret store of their own')
    .addHelpText(
      'after',
      `
Examples:
  export FEDCLOUD_LOCKER_TOKEN=$(fedcloud secret locker create --ttl 2h --num-uses 10)
  fedcloud secret put db password=@db.txt     # into the locker
  fedcloud secret locker check
  fedcloud secret locker revoke               # and everything in it`,
    );

  addVaultOption(
    addOidcOptions(locker.command('create').description('create a locker and print its token')),
  )
    .addOption(outputFormatOption())
    .addOption(
      new Option('--ttl <duration>', 'time-to-live of the locker, e.g. 1h, 30m').default('24h'),
    )
    .addOption(
      new Option('--num-uses <n>', 'how many requests the locker token may make')
        .argParser(parseNumUses)
        .default(10),
    )
    .addOption(new Option('--verbose', 'print all the token details'))
    .addHelpText(
      'after',
      `
Every request with the locker token uses one of its uses (locker check too); once they are
used or its time is up, the token and everything in the locker are gone.

Examples:
  fedcloud secret locker create
  fedcloud secret locker create --ttl 1h --num-uses 3 --verbose -f YAML`,
    )
    .action(async (...args) => {
      const { opts, command } = actionArgs<import('./locker/create.js').LockerCreateFlags>(args);
      const { createMyLocker, renderLocker } = await import('./locker/create.js');
      const runtime = await loadRuntime(command);
      renderLocker(runtime.ctx, await createMyLocker(runtime, opts), opts);
    });

  addVaultOption(
    locker
      .command('check')
      .description("print the locker token's details: time and uses left")
      .argument('[locker_token]', 'the locker token (default: FEDCLOUD_LOCKER_TOKEN)'),
  )
    .addOption(outputFormatOption())
    .addHelpText(
      'after',
      `
Examples:
  FEDCLOUD_LOCKER_TOKEN=... fedcloud secret locker check
  fedcloud secret locker check -f JSON | jq .num_uses`,
    )
    .action(async (...args) => {
      const { opts, command } = actionArgs<
        VaultFlags & { outputFormat?: import('./output-format.js').SecretFormat }
      >(args);
      const [given] = args as unknown as [string | undefined];
      const { checkMyLocker, renderLockerCheck } = await import('./locker/check.js');
      const runtime = await loadRuntime(command);
      renderLockerCheck(runtime.ctx, await checkMyLocker(runtime, opts, given), opts.outputFormat);
    });

  addVaultOption(
    locker
      .command('revoke')
      .description('revoke the locker token and delete everything in the locker')
      .argument('[locker_token]', 'the locker token (default: FEDCLOUD_LOCKER_TOKEN)'),
  )
    .addHelpText(
      'after',
      `
Examples:
  FEDCLOUD_LOCKER_TOKEN=... fedcloud secret locker revoke`,
    )
    .action(async (...args) => {
      const { opts, command } = actionArgs<VaultFlags>(args);
      const [given] = args as unknown as [string | undefined];
      const { revokeMyLocker } = await import('./locker/revoke.js');
      const runtime = await loadRuntime(command);
      await revokeMyLocker(runtime, opts, given);
    });
}
