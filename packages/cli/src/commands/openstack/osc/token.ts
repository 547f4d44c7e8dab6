import type { NativeCommand } from './registry.js';
import { showOf } from './show.js';

const tokenIssue: NativeCommand = {
  path: ['token', 'issue'],
  positionals: [0, 0],
  show: true,
  options: {},
  run(ctx) {
    const { auth } = ctx.session;
    const expires = auth.expiresAt.toISOString().replace(/\.\d{3}Z$/, '+0000');
    return Promise.resolve(
      showOf({
        expires,
        id: auth.token,
        project_id: auth.projectId ?? ctx.session.projectId,
        user_id: auth.userId ?? null,
      }),
    );
  },
};

export const TOKEN_COMMANDS: NativeCommand[] = [tokenIssue];
