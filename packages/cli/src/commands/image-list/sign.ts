import { writeFile } from 'node:fs/promises';
import { FedcloudError, isFedcloudError } from '@fedcloud/sdk/errors';
import { endorsementProblems, type ImageList } from '@fedcloud/sdk/image-list';
import { readSmimeSigner, signSmime, type SmimeForm, type SmimeSigner } from '@fedcloud/sdk/smime';
import { readListFile } from './list-file.js';

export interface SignFlags {
  cert: string;
  key: string;
  opaque?: boolean;
  output?: string;
}

export interface SignResult {
  /** The S/MIME message: written to --output, else to stdout by the renderer. */
  signed: Buffer;
  output?: string;
  form: SmimeForm;
  signerDn: string;
  list: ImageList;
}

/** The certificate and key; files that are not there are bad input (exit 2), as any flag. */
async function signer(flags: SignFlags): Promise<SmimeSigner> {
  try {
    return await readSmimeSigner(flags.cert, flags.key);
  } catch (error) {
    if (isFedcloudError(error) && error.code === 'NOT_FOUND') {
      throw new FedcloudError('USAGE', error.message, { cause: error });
    }
    throw error;
  }
}

/**
 * Signs the list file's bytes as they are (what the VO manager reviewed) as
 * `openssl smime -sign` does: clear-signed multipart/signed by default, `--opaque` as
 * `-nodetach`. A list the signer could not endorse (another endorser DN or CA than the
 * certificate's, or already expired) is refused before signing: every site would refuse it.
 */
export async function signList(
  flags: SignFlags,
  file: string,
  now = new Date(),
): Promise<SignResult> {
  const { text, list } = await readListFile(file);
  const who = await signer(flags);
  const problems = endorsementProblems(
    list,
    { dn: who.subjectDn, issuerDn: who.issuerDn },
    undefined,
    now,
  );
  if (problems.length > 0) {
    throw new FedcloudError(
      'USAGE',
      `sites would not trust ${file} signed so: ${problems.join('; ')}`,
      {
        hint: "The list's hv:endorser must name the signing certificate's subject (hv:dn) and issuer (hv:ca); `fedcloud image-list create --endorser-cert` fills both.",
      },
    );
  }
  const form: SmimeForm = flags.opaque ? 'opaque' : 'detached';
  const signed = signSmime(text, who, { form, now });
  if (flags.output !== undefined) {
    try {
      await writeFile(flags.output, signed);
    } catch (error) {
      throw new FedcloudError(
        'USAGE',
        `cannot write ${flags.output}: ${(error as Error).message}`,
        {
          cause: error,
        },
      );
    }
  }
  return {
    signed,
    ...(flags.output === undefined ? {} : { output: flags.output }),
    form,
    signerDn: who.subjectDn,
    list,
  };
}
