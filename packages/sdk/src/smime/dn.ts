import type * as pkijs from 'pkijs';

/**
 * OpenSSL's short names for the attributes grid certificates use (`OBJ_nid2sn`); any other
 * attribute is written as its dotted OID, as OpenSSL writes an unknown one.
 */
const SHORT_NAMES: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.4': 'SN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.9': 'street',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.12': 'title',
  '2.5.4.17': 'postalCode',
  '2.5.4.41': 'name',
  '2.5.4.42': 'GN',
  '2.5.4.43': 'initials',
  '2.5.4.44': 'generationQualifier',
  '2.5.4.46': 'dnQualifier',
  '2.5.4.65': 'pseudonym',
  '2.5.4.97': 'organizationIdentifier',
  '0.9.2342.19200300.100.1.1': 'UID',
  '0.9.2342.19200300.100.1.25': 'DC',
  '1.2.840.113549.1.9.1': 'emailAddress',
};

/**
 * A name in the legacy OpenSSL one-line form, `/DC=EU/DC=EGI/C=NL/O=Hosts/CN=host.example.org`:
 * the form GOCDB's Host DN, the APEL receiver's allowed-DN list and atrope compare, attributes in
 * certificate order, values as they are (ssm's `get_certificate_subject`, pyOpenSSL components).
 */
export function openSslOneLine(name: pkijs.RelativeDistinguishedNames): string {
  return name.typesAndValues
    .map((entry) => `/${SHORT_NAMES[entry.type] ?? entry.type}=${attributeText(entry)}`)
    .join('');
}

function attributeText(entry: pkijs.AttributeTypeAndValue): string {
  const block = (entry.value as { valueBlock?: { value?: unknown } }).valueBlock;
  return typeof block?.value === 'string' ? block.value : '';
}
