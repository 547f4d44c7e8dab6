import type { CliContext } from '../../context.js';
import type { Cell } from '../../render/simple-table.js';
import { renderSimpleTable } from '../../render/simple-table.js';
import { renderJson, writeErr, writeOut } from '../../render/write.js';
import { PartialFailure } from '../../command-args.js';
import { reportFailures, type ProjectsResult } from './projects.js';

export { listProjects } from './projects.js';

/** `endpoint vos`: the projects that are a VO's project per the site files, with that VO. */
export function renderVoProjects(
  ctx: Pick<CliContext, 'stdout' | 'stderr'>,
  result: ProjectsResult,
  json: boolean,
): void {
  const rows = result.projects.filter((p) => p.vo !== undefined);
  if (json) {
    writeOut(
      ctx,
      renderJson(rows.map(({ vo, id, name, enabled, site }) => ({ vo, id, name, enabled, site }))),
    );
  } else if (rows.length) {
    const cells: Cell[][] = rows.map((p) => [p.vo, p.id, p.name, p.enabled, p.site]);
    writeOut(ctx, renderSimpleTable(['VO', 'id', 'Project name', 'enabled', 'site'], cells));
  } else {
    writeErr(ctx, 'Error: none of your projects is a VO project known from the site configuration');
  }
  reportFailures(ctx, result.failures);
  if (result.failures.length) throw new PartialFailure(result.failures.map((f) => f.site));
}
