/**
 * @fedcloud/agent: what runs beside one site's OpenStack (the FedCloud appliance). Its first duty
 * is the information provider: cloud-info-provider 1.x re-done, publishing the site's GLUE 2.1
 * document to the hub.
 *
 * @example The sandbox launcher, one agent per site:
 * ```ts
 * const agent = startInfoAgent({
 *   siteFile: join(sandbox.files.sitesDir, `${site.name}.yaml`),
 *   keystone: site.agent, // { username, password, userDomainName }
 *   hub: { url: hub.url, issuerUrl: sandbox.issuerUrl, clientId: site.agent.clientId,
 *          clientSecret: site.agent.clientSecret },
 *   fetch: sandbox.fetch,
 *   caFile: sandbox.files.caFile,
 *   intervalSeconds: 600,
 * });
 * const first = await agent.runNow();   // { ok, document, published, warnings, ... }
 * await agent.stop();
 * ```
 * @packageDocumentation
 */
export {
  startInfoAgent,
  type CycleResult,
  type InfoAgent,
  type InfoAgentOptions,
} from './info-agent.js';
export {
  collectSiteInfo,
  type CollectSiteInfoOptions,
  type ShareSummary,
  type SiteInfoResult,
} from './siteinfo/collect-site-info.js';
export {
  publishSiteInfo,
  type HubConnection,
  type PublishSiteInfoOptions,
} from './publish/publish-site-info.js';
export type { PublishResult, RetryPolicy } from './publish/publish.js';
export {
  clientCredentialsTokenSource,
  type ClientCredentialsOptions,
  type HubTokenSource,
} from './publish/hub-token.js';
export { buildGlueDocument, type BuildResult } from './siteinfo/build-glue.js';
export type {
  KeystoneCredentials,
  OidcCredentials,
  PasswordCredentials,
} from './siteinfo/collect.js';
export type {
  BuildOptions,
  EndpointCaInfo,
  FlavorInfo,
  FlavorPropertyKeys,
  FlavorSelection,
  GlueDocument,
  ImageInfo,
  NovaVersion,
  ShareInfo,
  ShareOutcome,
  SiteInfo,
} from './siteinfo/types.js';
export { AgentError, AGENT_ERROR_CODES, isAgentError, type AgentErrorCode } from './errors.js';
export { trustContext } from './connection.js';
export {
  runAccounting,
  type AccountingMode,
  type AccountingRunOptions,
  type AccountingSummary,
} from './accounting/run-accounting.js';
export {
  startAccountingAgent,
  type AccountingAgent,
  type AccountingAgentOptions,
} from './accounting/accounting-agent.js';
export { parseAccountingConfig, type AccountingConfig } from './accounting/config.js';
export { runImageSync, type ImagesRunOptions, type ImagesSummary } from './images/run-images.js';
export {
  startImagesAgent,
  type ImagesAgent,
  type ImagesAgentOptions,
} from './images/images-agent.js';
export { parseImagesConfig, type ImagesConfig } from './images/config.js';
