import { Option, type Command } from '@commander-js/extra-typings';
import { actionArgs, ExitStatus, loadRuntime } from '../../command-args.js';
import { addOidcOptions } from '../../options.js';

// Registration loads no SDK code (see command-args.ts): each verb's module is imported when it runs.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any command, as in options.ts
type AnyCommand = Command<any, any, any>;

const jsonOption = <C extends AnyCommand>(command: C) =>
  command.addOption(new Option('--json', 'print the result as JSON'));

const hubOption = <C extends AnyCommand>(command: C, what: string) =>
  command.addOption(new Option('--hub <url>', `the hub's base URL (${what})`).env('FEDCLOUD_HUB'));

const collect = (value: string, previous: string[] | undefined): string[] => [
  ...(previous ?? []),
  value,
];

/**
 * `fedcloud image-list`: a VO manager's HEPiX image list (vmcatcher's format, AppDB's endorsed
 * lists): create it, add and remove images, sign it as the endorser, verify it as a site does,
 * show it, and publish it on the hub, which serves it to the sites that support the VO.
 */
export function registerImageList(program: Command): void {
  const group = program
    .command('image-list')
    .description("a VO's endorsed image list (HEPiX/AppDB): edit, sign, verify, publish on the hub")
    .addHelpText(
      'after',
      `
A VO manager keeps the list as a JSON file, signs it with the endorser's certificate (S/MIME, as
\`openssl smime -sign\`) and publishes the signed list on the hub; each site's image sync checks
the signature and the endorser, then uploads the images to its Glance.

Examples:
  fedcloud image-list create list.json --vo vo.example.org --endorser-cert endorser.pem \\
      --endorser-email manager@example.org --hub https://hub.example.org
  fedcloud image-list add list.json https://images.example.org/debian-12.qcow2 --title "Debian 12"
  fedcloud image-list sign list.json --cert endorser.pem --key endorser-key.pem -o list.signed
  fedcloud image-list verify list.signed --ca /etc/grid-security/certificates
  fedcloud image-list publish list.signed --hub https://hub.example.org
  fedcloud image-list show https://hub.example.org/api/v1/vos/vo.example.org/image-list`,
    );

  jsonOption(
    hubOption(
      group
        .command('create')
        .description('write a new, empty image list for a VO')
        .argument('<file>', 'the list file to write (JSON)')
        .addOption(new Option('--vo <vo>', 'the VO endorsing the list (ad:vo)').env('EGI_VO'))
        .addOption(
          new Option(
            '--endorser-cert <pem>',
            'the certificate that will sign the list: its subject and issuer DNs fill --endorser-dn and --endorser-ca',
          ),
        )
        .addOption(new Option('--endorser-dn <dn>', "the signer's DN, one-line form (/DC=…/CN=…)"))
        .addOption(new Option('--endorser-ca <dn>', "the DN of the signer's CA, one-line form"))
        .addOption(new Option('--endorser-email <email>', "the endorser's e-mail address"))
        .addOption(
          new Option(
            '--endorser-name <name>',
            'who endorses (dc:creator; default "<vo> VO manager")',
          ),
        )
        .addOption(new Option('--title <title>', 'the list\'s title (default "<vo> images")'))
        .addOption(new Option('--description <text>', 'its description (default the title)'))
        .addOption(
          new Option(
            '--uri <url>',
            "where the list is served (hv:uri; default the hub's URL of the VO's list)",
          ),
        )
        .addOption(new Option('--source <url>', 'where it comes from (dc:source; default --uri)'))
        .addOption(
          new Option(
            '--expires <when>',
            'when sites stop trusting it: a date, or days from now',
          ).default('30d'),
        )
        .addOption(
          new Option('--identifier <uuid>', "the list's dc:identifier (default a new UUID)"),
        )
        .addOption(new Option('-f, --force', 'replace the file if it exists')),
      'the default --uri',
    ),
  )
    .addHelpText(
      'after',
      `
Sites trust a signed list only when its signer is exactly the endorser it names (hv:dn, issued by
hv:ca), so name the certificate you will sign with: --endorser-cert reads both DNs from it.

Examples:
  fedcloud image-list create list.json --vo vo.example.org --endorser-cert endorser.pem \\
      --endorser-email manager@example.org --uri https://hub.example.org/api/v1/vos/vo.example.org/image-list
  fedcloud image-list create list.json --vo vo.example.org --expires 2027-06-30 \\
      --endorser-dn "/DC=org/DC=example/CN=VO manager" --endorser-ca "/DC=org/DC=example/CN=Example CA" \\
      --endorser-email manager@example.org --hub https://hub.example.org`,
    )
    .action(async (...args) => {
      const { opts, command } = actionArgs<import('./create.js').CreateFlags & { json?: boolean }>(
        args,
      );
      const [file] = args as unknown as [string];
      const [{ createList }, { renderEdit }] = await Promise.all([
        import('./create.js'),
        import('./render.js'),
      ]);
      const runtime = await loadRuntime(command);
      renderEdit(runtime.ctx, await createList(opts, file), opts.json === true);
    });

  jsonOption(
    group
      .command('add')
      .description('add an image (a local file or an http(s) URL), or a new version of one')
      .argument('<file>', 'the list file (JSON)')
      .argument('<image>', 'the image file, or its http(s) URL: read once for its size and SHA-512')
      .addOption(
        new Option('--title <title>', "the image's title (dc:title)").makeOptionMandatory(),
      )
      .addOption(
        new Option(
          '--identifier <uuid>',
          'dc:identifier (default: that of the image with this title, else a new UUID)',
        ),
      )
      .addOption(
        // Not --version: fedcloud's own --version is read anywhere on the command line.
        new Option(
          '--image-version <version>',
          "the image's version, hv:version (default the time, YYYYMMDDhhmmss)",
        ),
      )
      .addOption(
        new Option(
          '--format <format>',
          'qcow2, raw, ova, vmdk, vdi, vhd, vhdx or iso (default from the name)',
        ),
      )
      .addOption(new Option('--description <text>', 'dc:description (default the title)'))
      .addOption(
        new Option('--uri <url>', 'where sites download it (hv:uri; default the <image> URL)'),
      )
      .addOption(new Option('--os <os>', 'sl:os').default('Linux'))
      .addOption(new Option('--os-name <name>', 'sl:osname, e.g. Ubuntu'))
      .addOption(new Option('--os-version <version>', 'sl:osversion, e.g. 24.04'))
      .addOption(new Option('--arch <arch>', 'sl:arch').default('x86_64'))
      .addOption(new Option('--hypervisor <name>', 'hv:hypervisor').default('KVM'))
      .addOption(new Option('--group <group>', 'ad:group').default('General group'))
      .addOption(new Option('--comments <text>', 'sl:comments'))
      .addOption(
        new Option(
          '--expires <when>',
          "the image's own expiry: a date, or days from now (default never)",
        ),
      )
      .addOption(new Option('--mpuri <url>', 'ad:mpuri, its marketplace page (default --uri)'))
      .addOption(
        new Option(
          '--property <key=value>',
          'any other attribute, e.g. hv:ram_minimum=512 (repeatable)',
        ).argParser(collect),
      ),
  )
    .addHelpText(
      'after',
      `
The image is streamed, never held in memory; progress shows on a terminal. Adding an image with
the identifier (or, without --identifier, the title) of one in the list replaces it. Each edit
gives the list a new version (the time), so sites and the hub take it as newer.

Examples:
  fedcloud image-list add list.json ./ubuntu-24.04.qcow2 --title "Ubuntu 24.04" \\
      --uri https://images.example.org/ubuntu-24.04.qcow2 --os-name Ubuntu --os-version 24.04
  fedcloud image-list add list.json https://images.example.org/debian-12.raw --title "Debian 12" \\
      --image-version 12.5 --property hv:ram_minimum=1024 --expires 2027-12-31`,
    )
    .action(async (...args) => {
      const { opts, command } = actionArgs<import('./add.js').AddFlags & { json?: boolean }>(args);
      const [file, image] = args as unknown as [string, string];
      const [{ addToList }, { renderEdit }] = await Promise.all([
        import('./add.js'),
        import('./render.js'),
      ]);
      const runtime = await loadRuntime(command);
      renderEdit(runtime.ctx, await addToList(runtime, opts, file, image), opts.json === true);
    });

  jsonOption(
    group
      .command('remove')
      .description('remove an image from the list')
      .argument('<file>', 'the list file (JSON)')
      .argument('<identifier>', "the image's dc:identifier (or its title, when only one has it)"),
  )
    .addHelpText(
      'after',
      `
Examples:
  fedcloud image-list remove list.json 662b0e71-3e21-4f5a-9a6d-6e5e3a4e1f10
  fedcloud image-list remove list.json "Ubuntu 22.04"`,
    )
    .action(async (...args) => {
      const { opts, command } = actionArgs<{ json?: boolean }>(args);
      const [file, identifier] = args as unknown as [string, string];
      const [{ removeFromList }, { renderEdit }] = await Promise.all([
        import('./remove.js'),
        import('./render.js'),
      ]);
      const runtime = await loadRuntime(command);
      renderEdit(runtime.ctx, await removeFromList(file, identifier), opts.json === true);
    });

  group
    .command('sign')
    .description('sign the list as its endorser (S/MIME, as openssl smime -sign)')
    .argument('<file>', 'the list file (JSON)')
    .addOption(new Option('--cert <pem>', "the endorser's certificate (PEM)").makeOptionMandatory())
    .addOption(
      new Option(
        '--key <pem>',
        'its private key (PEM, no passphrase, mode 600)',
      ).makeOptionMandatory(),
    )
    .addOption(
      new Option(
        '--opaque',
        'the content inside the signature (openssl -nodetach), not clear-signed',
      ),
    )
    .addOption(
      new Option('-o, --output <file>', 'write the signed list here (default standard output)'),
    )
    .addHelpText(
      'after',
      `
The file's bytes are signed as they are. A list that names another endorser than the
certificate, or that has expired, is refused: no site would trust it.

Examples:
  fedcloud image-list sign list.json --cert endorser.pem --key endorser-key.pem -o list.signed
  fedcloud image-list sign list.json --cert endorser.pem --key endorser-key.pem --opaque > list.p7m`,
    )
    .action(async (...args) => {
      const { opts, command } = actionArgs<import('./sign.js').SignFlags>(args);
      const [file] = args as unknown as [string];
      const [{ signList }, { renderSigned }] = await Promise.all([
        import('./sign.js'),
        import('./render.js'),
      ]);
      const runtime = await loadRuntime(command);
      renderSigned(runtime.ctx, await signList(opts, file));
    });

  jsonOption(
    group
      .command('verify')
      .description('verify a signed list as a site does: signature, CA, endorser, expiry')
      .argument('<signed>', 'the signed list: a file or an http(s) URL')
      .addOption(
        new Option(
          '--ca <file-or-dir>',
          'the trusted CAs: a PEM bundle, or a folder like /etc/grid-security/certificates',
        )
          .env('X509_CERT_DIR')
          .makeOptionMandatory(),
      )
      .addOption(
        new Option(
          '--endorser-dn <dn>',
          'the endorser a subscription expects (with --endorser-ca)',
        ),
      )
      .addOption(new Option('--endorser-ca <dn>', "the DN of the expected endorser's CA")),
  )
    .addHelpText(
      'after',
      `
Trusted when the signature matches, the signer's certificate chains to one of --ca, the signer is
the endorser the list names (and the one given by --endorser-dn / --endorser-ca) and the list has
not expired, as atrope decides. Exit status 1 when it is not trusted.

Examples:
  fedcloud image-list verify list.signed --ca ca.pem
  fedcloud image-list verify https://hub.example.org/api/v1/vos/vo.example.org/image-list \\
      --ca /etc/grid-security/certificates \\
      --endorser-dn "/DC=org/DC=example/CN=VO manager" --endorser-ca "/DC=org/DC=example/CN=Example CA"
  fedcloud image-list verify list.signed --ca ca.pem --json | jq .trusted`,
    )
    .action(async (...args) => {
      const { opts, command } = actionArgs<import('./verify.js').VerifyFlags & { json?: boolean }>(
        args,
      );
      const [source] = args as unknown as [string];
      const [{ verifyList }, { renderVerdict }, { EXIT_FAILURE }] = await Promise.all([
        import('./verify.js'),
        import('./render.js'),
        import('@fedcloud/sdk/exit-codes'),
      ]);
      const runtime = await loadRuntime(command);
      const verdict = await verifyList(runtime, opts, source);
      renderVerdict(runtime.ctx, verdict, opts.json === true);
      // The verdict says why; the status alone tells a script.
      if (!verdict.trusted) throw new ExitStatus(EXIT_FAILURE, 'the image list is not trusted');
    });

  jsonOption(
    group
      .command('show')
      .description("the list's images: title, identifier, version, format, size, expiry")
      .argument('<list>', 'the list, unsigned or signed: a file or an http(s) URL'),
  )
    .addHelpText(
      'after',
      `
A signed list is shown without checking its signature (a note on stderr says so): use verify to
know whether to trust it.

Examples:
  fedcloud image-list show list.json
  fedcloud image-list show https://hub.example.org/api/v1/vos/vo.example.org/image-list
  fedcloud image-list show list.signed --json | jq -r '.images[] | select(.expired) | .identifier'`,
    )
    .action(async (...args) => {
      const { opts, command } = actionArgs<{ json?: boolean }>(args);
      const [source] = args as unknown as [string];
      const [{ showList }, { renderShow }] = await Promise.all([
        import('./show.js'),
        import('./render.js'),
      ]);
      const runtime = await loadRuntime(command);
      renderShow(runtime.ctx, await showList(runtime, source), opts.json === true);
    });

  addOidcOptions(
    jsonOption(
      hubOption(
        group
          .command('publish')
          .description("publish the signed list on the hub as the VO's (a VO manager's token)")
          .argument('<signed>', 'the signed list file')
          .addOption(new Option('--vo <vo>', "the VO (default the list's ad:vo)"))
          .addOption(
            new Option('--private', "serve it only to the VO's members and its sites' agents"),
          ),
        'where the list is published',
      ),
    ),
  )
    .addHelpText(
      'after',
      `
The hub checks the list as a site would (signature, trusted CA, endorser, VO, expiry, a version
no older than the one it holds) and then serves the signed bytes unchanged at
<hub>/api/v1/vos/<vo>/image-list. It needs the access token of a VO manager of the VO.

Examples:
  fedcloud image-list publish list.signed --hub https://hub.example.org
  FEDCLOUD_HUB=https://hub.example.org fedcloud image-list publish list.signed --private --json`,
    )
    .action(async (...args) => {
      const { opts, command } = actionArgs<
        import('./publish.js').PublishFlags & { json?: boolean }
      >(args);
      const [file] = args as unknown as [string];
      const [{ publishList }, { renderPublished }] = await Promise.all([
        import('./publish.js'),
        import('./render.js'),
      ]);
      const runtime = await loadRuntime(command);
      renderPublished(runtime.ctx, await publishList(runtime, opts, file), opts.json === true);
    });
}
