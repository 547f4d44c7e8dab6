import { type ImageEntry, type ImageList, imagesByExpiry } from '@fedcloud/sdk/image-list';
import type { CliContext } from '../../context.js';
import { prettyTableParts } from '../../render/prettytable.js';
import { renderJson, writeErr, writeOut } from '../../render/write.js';
import type { EditResult } from './edit-result.js';
import type { PublishResult } from './publish.js';
import type { ShowResult } from './show.js';
import type { SignResult } from './sign.js';
import type { Verdict } from './verify.js';

type Out = Pick<CliContext, 'stdout' | 'stderr'>;

/** Bytes in binary units with one decimal, as `ls -lh` and qemu-img print them. */
export function humanSize(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** One image as `--json` gives it: camelCase names, the size a number. */
interface ImageRow {
  identifier: string;
  title: string;
  version: string;
  format: string;
  size: number;
  sha512: string;
  uri: string;
  expires: string | null;
  expired: boolean;
}

/** The list as `show --json` and `verify --json` give it. */
export interface ListSummary {
  identifier: string;
  title: string;
  vo: string | null;
  version: string;
  created: string;
  expires: string;
  uri: string;
  endorser: { dn: string; ca: string; email: string; name: string };
  images: ImageRow[];
}

export function listSummary(list: ImageList, now: Date): ListSummary {
  const expired = new Set(imagesByExpiry(list, now).expired);
  const endorser = list['hv:endorser']['hv:x509'];
  const vo = list['ad:vo'];
  return {
    identifier: list['dc:identifier'],
    title: list['dc:title'],
    vo: typeof vo === 'string' ? vo : null,
    version: list['hv:version'],
    created: list['dc:date:created'],
    expires: list['dc:date:expires'],
    uri: list['hv:uri'],
    endorser: {
      dn: endorser['hv:dn'],
      ca: endorser['hv:ca'],
      email: endorser['hv:email'],
      name: endorser['dc:creator'],
    },
    images: list['hv:images'].map(({ 'hv:image': image }) => imageRow(image, expired.has(image))),
  };
}

function imageRow(image: ImageEntry, expired: boolean): ImageRow {
  return {
    identifier: image['dc:identifier'],
    title: image['dc:title'],
    version: image['hv:version'],
    format: image['hv:format'],
    size: Number(image['hv:size']),
    sha512: image['sl:checksum:sha512'],
    uri: image['hv:uri'],
    expires: image['dc:date:expires'] ?? null,
    expired,
  };
}

/** The images as a table: title, identifier, version, format, size, expiry. */
export function renderImageTable(summary: ListSummary): string {
  const head = ['Title', 'Identifier', 'Version', 'Format', 'Size', 'Expires'];
  const rows = summary.images.map((image) => [
    image.title,
    image.identifier,
    image.version,
    image.format,
    humanSize(image.size),
    `${image.expires ?? 'never set'}${image.expired ? ' (expired)' : ''}`,
  ]);
  const { rule, header, body } = prettyTableParts(head, rows, [
    'left',
    'left',
    'left',
    'left',
    'right',
    'left',
  ]);
  return `${[rule, header, rule, ...body, ...(body.length > 0 ? [rule] : [])].join('\n')}\n`;
}

/** One line about the list for the person (stderr): what, for whom, which version, until when. */
function listLine(summary: ListSummary): string {
  const count = summary.images.length;
  return `${JSON.stringify(summary.title)} (${summary.identifier}) of VO ${summary.vo ?? '?'}, version ${summary.version}, ${count} image${count === 1 ? '' : 's'}, expires ${summary.expires}`;
}

export function renderShow(ctx: Out, result: ShowResult, json: boolean, now = new Date()): void {
  if (result.signed) {
    writeErr(
      ctx,
      `Note: ${result.source} is signed; its signature was NOT verified (\`fedcloud image-list verify\` checks it).`,
    );
  }
  const summary = listSummary(result.list, now);
  if (json) {
    writeOut(ctx, renderJson(summary));
    return;
  }
  writeErr(ctx, listLine(summary));
  writeOut(ctx, renderImageTable(summary));
}

/** What create, add and remove did: a line on stderr, or the list's summary as JSON. */
export function renderEdit(ctx: Out, result: EditResult, json: boolean, now = new Date()): void {
  const summary = listSummary(result.list, now);
  if (json) {
    writeOut(
      ctx,
      renderJson({
        action: result.action,
        file: result.file,
        ...(result.image
          ? {
              image:
                summary.images.find((i) => i.identifier === result.image?.['dc:identifier']) ??
                imageRow(result.image, false),
            }
          : {}),
        list: summary,
      }),
    );
    return;
  }
  const image = result.image;
  const what =
    result.action === 'created'
      ? `Created ${result.file}`
      : `${result.action === 'removed' ? 'Removed' : result.action === 'replaced' ? 'Replaced' : 'Added'} ${JSON.stringify(image?.['dc:title'] ?? '')} (${image?.['dc:identifier'] ?? ''}${
          image && result.action !== 'removed'
            ? `, ${humanSize(Number(image['hv:size']))}, sha512 ${image['sl:checksum:sha512'].slice(0, 16)}…`
            : ''
        }) ${result.action === 'removed' ? 'from' : result.action === 'added' ? 'to' : 'in'} ${result.file}`;
  writeErr(ctx, `${what}: ${listLine(summary)}`);
}

/** The signed message on stdout (it is the data), or a line on stderr when written to a file. */
export function renderSigned(ctx: Out, result: SignResult): void {
  if (result.output === undefined) {
    ctx.stdout.write(result.signed);
    return;
  }
  writeErr(
    ctx,
    `Signed ${result.output} (${result.form === 'opaque' ? 'opaque' : 'clear-signed'}) as ${result.signerDn}`,
  );
}

/** The verdict, with the signer and the list: text, or `--json`. */
export function renderVerdict(ctx: Out, verdict: Verdict, json: boolean, now = new Date()): void {
  const summary = verdict.list ? listSummary(verdict.list, now) : undefined;
  if (json) {
    const { list: _list, ...rest } = verdict;
    writeOut(ctx, renderJson({ ...rest, ...(summary ? { list: summary } : {}) }));
    return;
  }
  const lines = [`${verdict.trusted ? 'TRUSTED' : 'NOT TRUSTED'}: ${verdict.source}`];
  if (verdict.signer) {
    lines.push(`  signer: ${verdict.signer.dn}`);
    if (verdict.signer.issuerDn) lines.push(`  issuer: ${verdict.signer.issuerDn}`);
  }
  if (verdict.form)
    lines.push(`  form:   ${verdict.form === 'opaque' ? 'opaque' : 'clear-signed'}`);
  if (summary) lines.push(`  list:   ${listLine(summary)}`);
  for (const problem of verdict.problems) lines.push(`  problem: ${problem}`);
  const expired = verdict.expiredImages?.length ?? 0;
  if (expired > 0) {
    lines.push(
      `  note:   ${expired} image${expired === 1 ? ' has' : 's have'} expired; sites remove them`,
    );
  }
  writeOut(ctx, `${lines.join('\n')}\n`);
}

export function renderPublished(ctx: Out, result: PublishResult, json: boolean): void {
  const p = result.published;
  if (json) {
    writeOut(ctx, renderJson({ url: result.url, ...p }));
    return;
  }
  writeOut(
    ctx,
    [
      `Published VO ${p.vo}'s image list ${JSON.stringify(p.title)} (${p.identifier})`,
      `  version:  ${p.version}, ${p.images} image${p.images === 1 ? '' : 's'}, ${p.public ? 'public' : 'private'}`,
      `  endorser: ${p.endorser.dn} (CA ${p.endorser.ca})`,
      `  expires:  ${p.expires}`,
      `  url:      ${result.url}`,
      '',
    ].join('\n'),
  );
}
