import type { Command } from '@commander-js/extra-typings';
import { Option } from '@commander-js/extra-typings';
import { addOidcOptions, type OidcFlags } from '../../options.js';
import { actionArgs, loadRuntime } from '../../command-args.js';

export function registerToken(program: Command): void {
  const token = program
    .command('token')
    .description('check an OIDC access token, list your VOs, or print the token')
    .addHelpText(
      'after',
      `
Examples:
  export OIDC_ACCESS_TOKEN=$(oidc-token egi)   # or FEDCLOUD_MYTOKEN / OIDC_AGENT_ACCOUNT
  fedcloud token check
  fedcloud token list-vos
  fedcloud token issue`,
    );

  addOidcOptions(
    token
      .command('check')
      .description('print when the access token expires; fails when under 30 s remain'),
  )
    .addHelpText(
      'after',
      `
Examples:
  fedcloud token check
  fedcloud token check || echo "get a new token"`,
    )
    .action(async (...args) => {
      const { opts, command } = actionArgs<OidcFlags>(args);
      const { checkToken, renderTokenCheck } = await import('./check.js');
      const runtime = await loadRuntime(command);
      renderTokenCheck(runtime.ctx, await checkToken(runtime, opts));
    });

  addOidcOptions(
    token
      .command('list-vos')
      .description("the VOs you are a member of (from the issuer's userinfo entitlements)"),
  )
    .addOption(new Option('--json', 'print a JSON array'))
    .addHelpText(
      'after',
      `
Examples:
  fedcloud token list-vos
  fedcloud token list-vos --json | jq -r '.[]'`,
    )
    .action(async (...args) => {
      const { opts, command } = actionArgs<OidcFlags & { json?: boolean }>(args);
      const { listMyVos, renderVos } = await import('./list-vos.js');
      const runtime = await loadRuntime(command);
      renderVos(runtime.ctx, await listMyVos(runtime, opts), opts.json === true);
    });

  addOidcOptions(
    token
      .command('issue')
      .description('print an access token from the configured source (mytoken, oidc-agent, …)'),
  )
    .addHelpText(
      'after',
      `
Examples:
  export OIDC_ACCESS_TOKEN=$(FEDCLOUD_MYTOKEN=... fedcloud token issue)
  fedcloud token issue --oidc-agent-account egi`,
    )
    .action(async (...args) => {
      const { opts, command } = actionArgs<OidcFlags>(args);
      const { issueToken, renderIssuedToken } = await import('./issue.js');
      const runtime = await loadRuntime(command);
      renderIssuedToken(runtime.ctx, await issueToken(runtime, opts));
    });
}
