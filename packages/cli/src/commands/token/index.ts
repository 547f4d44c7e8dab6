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
  fedcloud token issue
  fedcloud token issue --min-valid 600         # for a step of a long job`,
    );

  addOidcOptions(
    token
      .command('check')
      .description(
        'print when the access token expires (fails when under 30 s remain), and what every configured token source gives',
      ),
  )
    .addOption(new Option('--json', 'print one JSON object (the exit status is the same)'))
    .addHelpText(
      'after',
      `
The first two lines are fedcloudclient's, for the token fedcloud would use now. When a source
that renews tokens is configured (FEDCLOUD_MYTOKEN, OIDC_AGENT_ACCOUNT, OIDC_REFRESH_TOKEN), one
line per source follows: its token's expiry, or why it gave none. Each source is asked once: a
mytoken with a limited number of uses spends one. Exit status 3 when no source gives a token
with 30 s left.

Examples:
  fedcloud token check
  fedcloud token check || echo "get a new token"
  OIDC_AGENT_ACCOUNT=egi fedcloud token check           # the agent's token, and the others'
  fedcloud token check --json | jq '.sources[] | {source, seconds_left, error}'`,
    )
    .action(async (...args) => {
      const { opts, command } = actionArgs<OidcFlags & { json?: boolean }>(args);
      const { checkToken, renderTokenCheck, renderTokenCheckJson } = await import('./check.js');
      const runtime = await loadRuntime(command);
      const json = opts.json === true;
      const report = await checkToken(runtime, opts, { json });
      if (json) renderTokenCheckJson(runtime.ctx, report);
      else renderTokenCheck(runtime.ctx, report);
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
    .addOption(
      new Option(
        '--min-valid <seconds>',
        'a token valid at least this long, renewed when needed; fails when no source can give one',
      ),
    )
    .addHelpText(
      'after',
      `
Without --min-valid the token has at least 30 s left. With it, a token with less left is renewed
from a source that can (oidc-agent is asked with that min_valid_period; mytoken and the refresh
token are asked for a new token); exit status 3 says what each source could give when none gives
that much (an explicit OIDC_ACCESS_TOKEN with less left, an issuer whose tokens live shorter).

Examples:
  export OIDC_ACCESS_TOKEN=$(FEDCLOUD_MYTOKEN=... fedcloud token issue)
  fedcloud token issue --oidc-agent-account egi
  OIDC_ACCESS_TOKEN=$(fedcloud token issue --min-valid 600) ./ten-minute-step.sh
  fedcloud token issue --min-valid 3000 > /dev/null || echo "no token lasts 50 minutes"`,
    )
    .action(async (...args) => {
      const { opts, command } = actionArgs<OidcFlags & { minValid?: string }>(args);
      const { issueToken, parseMinValid, renderIssuedToken } = await import('./issue.js');
      const minValid = opts.minValid === undefined ? undefined : parseMinValid(opts.minValid);
      const runtime = await loadRuntime(command);
      renderIssuedToken(runtime.ctx, await issueToken(runtime, opts, minValid));
    });
}
