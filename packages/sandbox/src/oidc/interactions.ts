import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Provider } from 'oidc-provider';
import { errors } from './provider.js';
import { escapeHtml, readForm, sendHtml } from './http.js';
import { page } from './pages.js';
import { authenticate, subFor } from './users.js';

type Interaction = Awaited<ReturnType<Provider['interactionDetails']>>;

/**
 * Our own login page for the browser flows (authorization code, device code). Consent is granted
 * automatically: the sandbox has one first-party CLI, and Check-in does not ask either.
 */
export function interactionRoutes(
  provider: Provider,
  prefix: string,
  passwords: Record<string, string>,
) {
  const route = new RegExp(
    `^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/interaction/([\\w-]+)(/login)?$`,
  );

  return async (req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean> => {
    const match = route.exec(pathname);
    if (!match) return false;
    const isLogin = match[2] !== undefined;
    if (req.method !== (isLogin ? 'POST' : 'GET')) {
      sendHtml(res, 405, page('Method not allowed', '<p>Method not allowed.</p>'));
      return true;
    }

    let interaction: Interaction;
    try {
      interaction = await provider.interactionDetails(req, res);
    } catch (error) {
      if (!(error instanceof errors.SessionNotFound)) throw error;
      sendHtml(
        res,
        400,
        page('Login expired', '<p>This login has expired. Start again from your application.</p>'),
      );
      return true;
    }
    if (interaction.uid !== match[1]) {
      sendHtml(
        res,
        400,
        page('Login mismatch', '<p>This login page belongs to another request.</p>'),
      );
      return true;
    }

    if (isLogin) {
      // No XSRF field needed: the interaction cookie is SameSite=Lax, so a cross-site POST has no interaction.
      const form = await readForm(req);
      const username = form.get('username') ?? '';
      const user = authenticate(passwords, username, form.get('password') ?? '');
      if (!user) {
        sendHtml(
          res,
          401,
          loginPage(prefix, interaction, username, 'Invalid username or password.'),
        );
        return true;
      }
      await provider.interactionFinished(
        req,
        res,
        { login: { accountId: subFor(user.username) } },
        { mergeWithLastSubmission: false },
      );
      return true;
    }

    switch (interaction.prompt.name) {
      case 'login':
        sendHtml(res, 200, loginPage(prefix, interaction, '', ''));
        return true;
      case 'consent':
        await provider.interactionFinished(
          req,
          res,
          { consent: await grantAll(provider, interaction) },
          {
            mergeWithLastSubmission: true,
          },
        );
        return true;
      default:
        await provider.interactionFinished(req, res, {
          error: 'access_denied',
          error_description: `unsupported prompt ${interaction.prompt.name}`,
        });
        return true;
    }
  };
}

/** Grants exactly what is missing, following the library's consent recipe. */
async function grantAll(
  provider: Provider,
  interaction: Interaction,
): Promise<{ grantId?: string }> {
  const { details } = interaction.prompt;
  const accountId = interaction.session?.accountId;
  const existing = interaction.grantId ? await provider.Grant.find(interaction.grantId) : undefined;
  const grant =
    existing ?? new provider.Grant({ accountId, clientId: param(interaction, 'client_id') });

  const scope = details['missingOIDCScope'] as string[] | undefined;
  if (scope) grant.addOIDCScope(scope.join(' '));
  const claims = details['missingOIDCClaims'] as string[] | undefined;
  if (claims) grant.addOIDCClaims(claims);
  const resources = details['missingResourceScopes'] as Record<string, string[]> | undefined;
  for (const [indicator, scopes] of Object.entries(resources ?? {})) {
    grant.addResourceScope(indicator, scopes.join(' '));
  }
  const grantId = await grant.save();
  return existing ? {} : { grantId };
}

function loginPage(
  prefix: string,
  interaction: Interaction,
  username: string,
  error: string,
): string {
  const action = `${prefix}/interaction/${encodeURIComponent(interaction.uid)}/login`;
  const client = param(interaction, 'client_id');
  const scope = param(interaction, 'scope');
  return page(
    'Sandbox Check-in',
    `<p>Sign in to continue to <b>${escapeHtml(client)}</b> (${escapeHtml(scope)}).</p>
${error ? `<p role="alert" style="color:#b00">${escapeHtml(error)}</p>` : ''}
<form method="post" action="${escapeHtml(action)}">
<label>Username <input name="username" autocomplete="username" value="${escapeHtml(username)}" required autofocus></label>
<label>Password <input name="password" type="password" autocomplete="current-password" required></label>
<button type="submit">Sign in</button>
</form>`,
  );
}

function param(interaction: Interaction, name: string): string {
  const value = interaction.params[name];
  return typeof value === 'string' ? value : '';
}
