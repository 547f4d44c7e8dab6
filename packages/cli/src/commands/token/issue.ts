import type { CliContext } from '../../context.js';
import type { OidcFlags } from '../../options.js';
import { writeOut } from '../../render/write.js';
import type { Runtime } from '../../runtime.js';

/** The one command that prints a token: that is what it is for (`$(fedcloud token issue)`). */
export async function issueToken(runtime: Runtime, flags: OidcFlags): Promise<string> {
  return runtime.tokens(flags).getAccessToken();
}

export function renderIssuedToken(ctx: Pick<CliContext, 'stdout'>, token: string): void {
  writeOut(ctx, `${token}\n`);
}
