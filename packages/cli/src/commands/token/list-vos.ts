import { listVos } from '@fedcloud/sdk';
import type { CliContext } from '../../context.js';
import type { OidcFlags } from '../../options.js';
import { renderJson, renderLines, writeOut } from '../../render/write.js';
import type { Runtime } from '../../runtime.js';

export async function listMyVos(runtime: Runtime, flags: OidcFlags): Promise<string[]> {
  const token = await runtime.tokens(flags).getAccessToken();
  return listVos(token, {
    transport: runtime.transport,
    signal: AbortSignal.timeout(runtime.timeoutMs),
  });
}

export function renderVos(ctx: Pick<CliContext, 'stdout'>, vos: string[], json: boolean): void {
  writeOut(ctx, json ? renderJson(vos) : renderLines(vos));
}
