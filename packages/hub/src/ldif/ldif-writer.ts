/**
 * LDIF (RFC 2849) content records with DNs in RFC 4514 string form. Attribute values that are
 * not SAFE-STRINGs (non-ASCII, line breaks, a leading space, colon or "<", a trailing space) are
 * written base64 (`attr:: …`), as are such DNs; long lines are folded at 76 columns.
 */
export interface LdifEntry {
  dn: string;
  /** In output order; a name repeats for a multi-valued attribute. */
  attributes: [name: string, value: string][];
}

const RDN_SPECIAL = /[",+;<>\\=]/g;

/** One RDN value escaped per RFC 4514 §2.4. */
export function escapeDnValue(value: string): string {
  const trailingSpace = value.endsWith(' ');
  const core = trailingSpace ? value.slice(0, -1) : value;
  let out = core.replace(RDN_SPECIAL, (c) => `\\${c}`).replaceAll('\u0000', '\\00');
  if (out.startsWith(' ') || out.startsWith('#')) out = `\\${out}`;
  return trailingSpace ? `${out}\\ ` : out;
}

/** `attr=value,parent`, the value escaped. */
export function childDn(attribute: string, value: string, parent: string): string {
  const rdn = `${attribute}=${escapeDnValue(value)}`;
  return parent === '' ? rdn : `${rdn},${parent}`;
}

function isSafeString(value: string): boolean {
  if (value === '') return true;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    // SAFE-CHAR: %x01-09 / %x0B-0C / %x0E-7F
    if (c === 0x00 || c === 0x0a || c === 0x0d || c > 0x7f) return false;
  }
  const first = value.charCodeAt(0);
  if (first === 0x20 || first === 0x3a || first === 0x3c) return false;
  return !value.endsWith(' ');
}

const FOLD_AT = 76;

function fold(line: string): string {
  if (line.length <= FOLD_AT) return line;
  const parts = [line.slice(0, FOLD_AT)];
  for (let i = FOLD_AT; i < line.length; i += FOLD_AT - 1)
    parts.push(` ${line.slice(i, i + FOLD_AT - 1)}`);
  return parts.join('\n');
}

export function ldifLine(name: string, value: string): string {
  if (isSafeString(value)) return fold(`${name}: ${value}`);
  return fold(`${name}:: ${Buffer.from(value, 'utf8').toString('base64')}`);
}

function writeEntry(entry: LdifEntry): string {
  const lines = [ldifLine('dn', entry.dn)];
  for (const [name, value] of entry.attributes) lines.push(ldifLine(name, value));
  return `${lines.join('\n')}\n`;
}

/** The version line and optional comment lines that open an LDIF file. */
export function ldifHeader(comments: string[] = []): string {
  return ['version: 1\n', ...comments.map((c) => `# ${c.replace(/[\r\n]+/g, ' ')}\n`)].join('');
}

/** Entries, each preceded by the blank line that separates records. */
export function writeEntries(entries: Iterable<LdifEntry>): string {
  const parts: string[] = [];
  for (const entry of entries) parts.push(`\n${writeEntry(entry)}`);
  return parts.join('');
}

/** A whole LDIF file: the version line, optional comment lines, entries separated by blank lines. */
export function writeLdif(entries: Iterable<LdifEntry>, comments: string[] = []): string {
  return ldifHeader(comments) + writeEntries(entries);
}
