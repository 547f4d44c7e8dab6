import {
  getFlavor,
  getFlavorExtraSpecs,
  getImage,
  getUser,
  isOpenStackError,
  listFlavors,
  listImages,
  type Client,
  type Flavor,
  type Image,
} from '@fedcloud/openstack';
import type { FlavorFacts } from '@fedcloud/sdk/accounting';
import { reasonOf } from '../errors.js';
import { identity, type SiteAccess } from './keystone-access.js';

const MPURI = 'vmcatcher_event_ad_mpuri';

/**
 * What one run reads once for all projects (cASO reads it again for each): flavors with their
 * extra specs and images. A flavor or image a project uses but the first listing did not show
 * (private to that project, or gone) is asked for by id, once.
 */
export class RunCatalogue {
  private flavors = new Map<string, Promise<FlavorFacts | undefined>>();
  private images = new Map<string, Promise<string | undefined>>();
  private listed: Promise<void> | undefined;

  /** Lists flavors (public and private, `is_public=None`) and images with the first client. */
  load(client: Client, signal?: AbortSignal): Promise<void> {
    this.listed ??= (async () => {
      const call = signal ? { signal } : {};
      const [flavors, images] = await Promise.all([
        listFlavors(client, { is_public: 'None' }, call),
        listImages(client, {}, call),
      ]);
      for (const flavor of flavors) {
        this.flavors.set(flavor.id, observed(withSpecs(client, flavor, signal)));
      }
      for (const image of images) this.images.set(image.id, Promise.resolve(mpuriOf(image)));
    })().catch((error: unknown) => {
      // The next project tries again with its own token.
      this.listed = undefined;
      throw error;
    });
    return this.listed;
  }

  flavor(
    client: Client,
    id: string | undefined,
    signal?: AbortSignal,
  ): Promise<FlavorFacts | undefined> {
    if (!id) return Promise.resolve(undefined);
    let known = this.flavors.get(id);
    if (!known) {
      known = getFlavor(client, id, signal ? { signal } : {}).then(
        (flavor) => withSpecs(client, flavor, signal),
        (error: unknown) => {
          if (isOpenStackError(error) && error.status === 404) return undefined;
          throw error;
        },
      );
      this.flavors.set(id, known);
    }
    return known;
  }

  /** The image's AppDB id (`vmcatcher_event_ad_mpuri`) if it has one and can still be read. */
  imageMpuri(
    client: Client,
    id: string | undefined,
    signal?: AbortSignal,
  ): Promise<string | undefined> {
    if (!id) return Promise.resolve(undefined);
    let known = this.images.get(id);
    if (!known) {
      known = getImage(client, id, signal ? { signal } : {}).then(mpuriOf, () => undefined);
      this.images.set(id, known);
    }
    return known;
  }
}

/**
 * Extra specs are asked for every listed flavor at once, but only the flavors a server uses are
 * awaited: without a handler, the failure (or abort) of another one would be an unhandled
 * rejection and end the agent's process. Awaiters still get the rejection.
 */
function observed<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

async function withSpecs(
  client: Client,
  flavor: Flavor,
  signal?: AbortSignal,
): Promise<FlavorFacts> {
  const extraSpecs =
    flavor.extra_specs ?? (await getFlavorExtraSpecs(client, flavor.id, signal ? { signal } : {}));
  return {
    id: flavor.id,
    vcpus: flavor.vcpus ?? 0,
    ram: flavor.ram ?? 0,
    disk: flavor.disk ?? 0,
    ephemeral: flavor['OS-FLV-EXT-DATA:ephemeral'] ?? 0,
    extraSpecs,
  };
}

function mpuriOf(image: Image): string | undefined {
  const value = (image as Record<string, unknown>)[MPURI];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Keystone user names (GlobalUserName) by user id, each asked once. When the agent may not read
 * users (identity:get_user refused) the names are left out of every record, with one warning, and
 * the run goes on: cASO logs an error per user and does the same.
 */
export class UserNames {
  private names = new Map<string, Promise<string | undefined>>();
  private refused = false;

  constructor(
    private readonly access: SiteAccess,
    private readonly warn: (line: string) => void,
  ) {}

  get(
    userId: string | undefined,
    projectClient: Client,
    signal?: AbortSignal,
  ): Promise<string | undefined> {
    if (!userId || this.refused) return Promise.resolve(undefined);
    let known = this.names.get(userId);
    if (!known) {
      known = this.lookup(userId, projectClient, signal);
      this.names.set(userId, known);
    }
    return known;
  }

  private async lookup(
    userId: string,
    client: Client,
    signal?: AbortSignal,
  ): Promise<string | undefined> {
    const token = (await this.access.system()) ?? identity(client.auth);
    try {
      const user = await getUser(client.transport, token, userId, signal ? { signal } : {});
      return user.name;
    } catch (error) {
      signal?.throwIfAborted();
      if (isOpenStackError(error) && error.status === 404) return undefined;
      if (isOpenStackError(error) && (error.status === 403 || error.status === 401)) {
        if (!this.refused) {
          this.refused = true;
          const why = this.access.systemProblem
            ? ` (no system scope: ${this.access.systemProblem})`
            : '';
          this.warn(
            `Keystone refuses to show users to the agent${why}: GlobalUserName is left out of the records; grant the account the reader role on the system scope (openstack role add --user <agent> --system all reader)`,
          );
        }
        return undefined;
      }
      this.warn(`cannot read Keystone user ${userId}: ${reasonOf(error)}; its name is left out`);
      return undefined;
    }
  }
}
