import { createHash } from 'node:crypto';

/**
 * A small disk image the sandbox's appliance repository serves (where a VO's list points its
 * `hv:uri`, as AppDB's lists point at the appliance authors' servers). The bytes are made up,
 * the same on every start, so a list signed once stays true.
 */
export interface Appliance {
  /** A stable UUID: the list entry's `dc:identifier` (AppDB's image id). */
  identifier: string;
  file: string;
  title: string;
  description: string;
  version: string;
  format: 'raw';
  size: number;
  sha512: string;
  osName: string;
  osVersion: string;
  architecture: string;
  /** The registry reference EGI's probes and cloud-info key on (`eu.egi.cloud.image_ref`). */
  imageRef: string;
}

interface ApplianceSeed {
  identifier: string;
  file: string;
  title: string;
  version: string;
  osName: string;
  osVersion: string;
  kib: number;
}

const SEEDS: ApplianceSeed[] = [
  {
    identifier: '2f4c3c1e-6a8e-4c55-9a0e-5b1d6d2c7a01',
    file: 'egi-tiny-ubuntu-24.04.raw',
    title: 'EGI Tiny Ubuntu 24.04',
    version: '2026.11.0',
    osName: 'Ubuntu',
    osVersion: '24.04',
    kib: 256,
  },
  {
    identifier: '7b9e0d42-1f3a-4e8b-8c6d-2a5f4e3b9c02',
    file: 'egi-tiny-alma-9.raw',
    title: 'EGI Tiny AlmaLinux 9',
    version: '2026.11.0',
    osName: 'AlmaLinux',
    osVersion: '9',
    kib: 384,
  },
  {
    identifier: 'c3d8a6f1-9e2b-4d7c-b1a4-6f0e8d5c2b03',
    file: 'egi-tiny-docker-24.04.raw',
    title: 'EGI Tiny Docker 24.04',
    version: '2026.11.0',
    osName: 'Ubuntu',
    osVersion: '24.04',
    kib: 512,
  },
];

/** The image's bytes: SHA-256 in counter mode over its file name, cut to its size. */
export function applianceBytes(file: string, size: number): Buffer {
  const out = Buffer.alloc(size);
  for (let block = 0, at = 0; at < size; block += 1, at += 32) {
    createHash('sha256').update(`${file}:${block}`).digest().copy(out, at);
  }
  return out;
}

function describe(seed: ApplianceSeed): Appliance {
  const size = seed.kib * 1024;
  const slug = seed.file.replace(/\.raw$/, '');
  return {
    identifier: seed.identifier,
    file: seed.file,
    title: seed.title,
    description: `${seed.title}: a small made-up disk image of the fedcloud sandbox`,
    version: seed.version,
    format: 'raw',
    size,
    sha512: createHash('sha512').update(applianceBytes(seed.file, size)).digest('hex'),
    osName: seed.osName,
    osVersion: seed.osVersion,
    architecture: 'x86_64',
    imageRef: `egi_vm_images/${slug}:${seed.version}`,
  };
}

let catalogue: Appliance[] | undefined;

/** The repository's images (their sizes and checksums worked out once). */
export function sandboxAppliances(): Appliance[] {
  catalogue ??= SEEDS.map(describe);
  return catalogue;
}
