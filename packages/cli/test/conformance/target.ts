import type { Client, Transport } from '@fedcloud/openstack';
import type { SiteConfig } from '@fedcloud/sdk';

/** The seeded sandbox users (see @fedcloud/sandbox): alice has both VOs, bob and carol neither. */
export type ConformanceUser = 'alice' | 'bob' | 'carol';

/** The VOs every target offers, each with its own project. */
export const CONFORMANCE_VOS = ['vo.access.egi.eu', 'training.egi.eu'] as const;

/** What differs between targets, declared up front so that skips are visible and intended. */
export interface TargetCapabilities {
  /** A block-storage (Cinder) service in the catalogue. */
  volumes: boolean;
}

/** Admin access to the site, for setup, checks only an operator can make, and cleanup. */
export interface TargetAdmin {
  /** A client scoped to the site's admin project (password login to Keystone). */
  client(): Promise<Client>;
  /** The admin project's id: a project no VO member may scope to. */
  projectId(): Promise<string>;
}

/** One OpenStack site the conformance suite runs against, with the issuer its Keystone trusts. */
export interface ConformanceTarget {
  /** `sandbox` or `real-site`: shown in messages only, never in test names. */
  readonly kind: string;
  readonly capabilities: TargetCapabilities;
  /** Site name as in the site folder and `--site`. */
  readonly siteName: string;
  /** The site's public Keystone v3 URL (where OS-FEDERATION logins go). */
  readonly identityUrl: string;
  readonly identityProvider: string;
  readonly protocol: 'openid' | 'oidc';
  readonly issuerUrl: string;
  /** VO → project id at the site. */
  readonly projects: Record<string, string>;
  /** Trusts whatever CA the site and issuer use. */
  readonly transport: Transport;
  /** CA bundle for the CLI (FEDCLOUD_CA_FILE), when the site speaks HTTPS with a private CA. */
  readonly caFile: string | undefined;
  /** The site as the SDK sees it (the same description the CLI's site folder holds). */
  readonly site: SiteConfig;
  /** A fresh OIDC access token of a seeded user, from the issuer's token endpoint. */
  tokenFor(user: ConformanceUser): Promise<string>;
  /** A JWT signed with the issuer's real key but with claims of the test's choosing. */
  signToken(claims: Record<string, unknown>): Promise<string>;
  /** The OIDC `sub` of a seeded user. */
  subjectOf(user: ConformanceUser): string;
  /** The seeded entitlements of a user. */
  entitlementsOf(user: ConformanceUser): string[];
  readonly admin: TargetAdmin;
  stop(): Promise<void>;
}

/** How a test file provides its target: started once before the suite, stopped after it. */
export interface TargetProvider {
  readonly kind: string;
  readonly capabilities: TargetCapabilities;
  /** Why the whole target is skipped (e.g. no real site configured); undefined when it runs. */
  readonly skipReason: string | undefined;
  start(): Promise<ConformanceTarget>;
}
