import { createHash, X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseImagesConfig, type ImagesConfig } from '@fedcloud/agent';
import { addImage, newImageList, type ImageEntry, type ImageList } from '@fedcloud/sdk/image-list';
import { certificateNames, signSmime, smimeSignerFromPem } from '@fedcloud/sdk/smime';
import type { Appliance, RunningSite, Sandbox } from '@fedcloud/sandbox';

/** The VO whose manager endorses the sandbox's image list; every sandbox site supports it. */
export const IMAGES_VO = 'vo.access.egi.eu';
/** A list is signed anew once it expires within this long, else kept as published. */
const RENEW_LIST_DAYS = 30;
const LIST_VALID_DAYS = 365;
const DAY_MS = 86_400_000;

export interface Endorsement {
  dn: string;
  ca: string;
  /** What the list names as `dc:creator` and `hv:email`. */
  creator: string;
  email: string;
}

/** A stable `dc:identifier` for a VO's list: the same list across restarts and data folders. */
function listIdentifier(vo: string): string {
  const hex = createHash('sha256').update(`fedcloud sandbox image list ${vo}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * The HEPiX list the sandbox's VO manager endorses: every image of the appliance repository,
 * with the attributes AppDB lists carry and those EGI's registry adds (`eu.egi.cloud.image_ref`
 * and `eu.egi.cloud.tag`, a registry.egi.eu marketplace URL), so the hub and `fedcloud select
 * image` count the synced copies as EGI images. Pure: same inputs, same list.
 */
export function sandboxImageList(input: {
  vo: string;
  listUrl: string;
  appliancesUrl: string;
  appliances: Appliance[];
  endorser: Endorsement;
  now: Date;
}): ImageList {
  const expires = new Date(input.now.getTime() + LIST_VALID_DAYS * DAY_MS);
  let list = newImageList({
    title: `${input.vo} images (fedcloud sandbox)`,
    description: `The images the VO ${input.vo} endorses for every site of the fedcloud sandbox`,
    vo: input.vo,
    uri: input.listUrl,
    endorser: {
      'dc:creator': input.endorser.creator,
      'hv:ca': input.endorser.ca,
      'hv:dn': input.endorser.dn,
      'hv:email': input.endorser.email,
    },
    expires,
    identifier: listIdentifier(input.vo),
    now: input.now,
  });
  for (const appliance of input.appliances) {
    const slug = appliance.file.replace(/\.[^.]+$/, '');
    const entry: ImageEntry = {
      'dc:identifier': appliance.identifier,
      'dc:title': appliance.title,
      'dc:description': appliance.description,
      'ad:group': 'General group',
      'ad:user:fullname': input.endorser.creator,
      'ad:user:guid': input.endorser.email,
      'ad:user:uri': `mailto:${input.endorser.email}`,
      'hv:hypervisor': 'KVM',
      'sl:comments': '',
      'dc:date:created': list['dc:date:created'],
      'dc:date:expires': list['dc:date:expires'],
      'hv:uri': `${input.appliancesUrl}/images/${appliance.file}`,
      // AppDB writes formats in capitals ("OVA", "QCOW2"); the sync reads either case.
      'hv:format': appliance.format.toUpperCase(),
      'hv:size': String(appliance.size),
      'sl:checksum:sha512': appliance.sha512,
      'hv:version': appliance.version,
      'sl:arch': appliance.architecture,
      'sl:os': 'Linux',
      'sl:osname': appliance.osName,
      'sl:osversion': appliance.osVersion,
      'ad:mpuri': `https://registry.egi.eu/harbor/projects/sandbox/repositories/${slug}/artifacts-tab`,
      'eu.egi.cloud.image_ref': appliance.imageRef,
      'eu.egi.cloud.tag': appliance.version,
    };
    list = addImage(list, entry, input.now);
  }
  return list;
}

/**
 * Whether the hub's list must be replaced: none yet, another endorser, URL or set of images
 * (dates and versions aside), or expiring within a month. A restart on the same data folder
 * publishes nothing, so the sites' copies stay current.
 */
export function listNeedsPublishing(
  published: ImageList | undefined,
  desired: ImageList,
  now: Date,
): boolean {
  if (!published) return true;
  if (Date.parse(published['dc:date:expires']) - now.getTime() < RENEW_LIST_DAYS * DAY_MS) {
    return true;
  }
  const dateless = (list: ImageList) =>
    JSON.stringify({
      endorser: list['hv:endorser'],
      uri: list['hv:uri'],
      vo: list['ad:vo'],
      images: list['hv:images'].map(({ 'hv:image': image }) => {
        const rest: Record<string, string> = { ...image };
        delete rest['dc:date:created'];
        delete rest['dc:date:expires'];
        return rest;
      }),
    });
  return dateless(published) !== dateless(desired);
}

/** The sandbox VO manager, from the endorser certificate the sandbox issued. */
export async function sandboxEndorser(
  sandbox: Sandbox,
): Promise<{ endorsement: Endorsement; sign: (text: string) => Buffer } | undefined> {
  const { endorserCertFile, endorserKeyFile } = sandbox.files;
  if (!endorserCertFile || !endorserKeyFile) return undefined;
  const [certPem, keyPem] = await Promise.all([
    readFile(endorserCertFile, 'utf8'),
    readFile(endorserKeyFile, 'utf8'),
  ]);
  const names = certificateNames(new X509Certificate(certPem).raw);
  const signer = smimeSignerFromPem(certPem, keyPem, {
    certFile: endorserCertFile,
    keyFile: endorserKeyFile,
  });
  return {
    endorsement: {
      dn: names.subjectDn,
      ca: names.issuerDn,
      creator: 'fedcloud sandbox VO manager',
      email: 'vo-manager@sandbox.invalid',
    },
    sign: (text) => signSmime(text, signer),
  };
}

/**
 * A site's image sync settings, as its operator would write them in /etc/fedcloud/images.yaml:
 * the images project owns the copies, the VO's list on the hub is the one subscription, trusted
 * by the sandbox CA and the VO manager's DN.
 */
export function sandboxImagesConfig(input: {
  site: RunningSite;
  sandbox: Sandbox;
  listUrl: string;
  endorsement: Endorsement;
}): ImagesConfig {
  const { site, sandbox } = input;
  return parseImagesConfig(
    // JSON is YAML: the same checks and defaults as an operator's file.
    JSON.stringify({
      auth_url: site.identityUrl,
      project: site.imagesProjectId,
      ...(sandbox.files.caFile ? { ca_file: sandbox.files.caFile } : {}),
      state_dir: join(sandbox.files.dataDir, 'images', site.name),
      subscriptions: {
        [IMAGES_VO]: {
          url: input.listUrl,
          endorser: { dn: input.endorsement.dn, ca: input.endorsement.ca },
          vo: IMAGES_VO,
        },
      },
    }),
    `<image sync settings of ${site.name}>`,
  );
}
