import { processContext } from '../../context.js';
import { parseShellName } from '../../render/env.js';
import { writeOut } from '../../render/write.js';
import {
  COMPLETION_SHELLS,
  completionScript,
  describeCommand,
  type CompletionShell,
} from './script.js';

type Root = Parameters<typeof describeCommand>[0];

function chooseShell(given: string | undefined, env: NodeJS.ProcessEnv): CompletionShell {
  const name = given ?? (env.SHELL ? parseShellName(env.SHELL) : undefined);
  return COMPLETION_SHELLS.find((s) => s === name) ?? 'bash';
}

/** The script for the whole command tree, including commands registered by other groups. */
function buildCompletion(root: Root, shell: CompletionShell): string {
  return completionScript(describeCommand(root), shell);
}

export function printCompletion(root: Root, given: string | undefined): void {
  const ctx = processContext(false);
  writeOut(ctx, buildCompletion(root, chooseShell(given, ctx.env)));
}
