import type { LdifEntry } from './ldif-writer.js';

/**
 * A small reader of OpenLDAP `.schema` files (attributetype / objectclass definitions, RFC 4512
 * syntax) and a checker of entries against them: known classes and attributes, every MUST of
 * every class present, SINGLE-VALUE attributes once, INTEGER-syntax values whole numbers, the
 * RDN value in the entry, DNs unique and parents first. The quick oracle of the unit tests;
 * the integration test loads the same LDIF into a real slapd.
 */
interface SchemaAttribute {
  names: string[];
  syntax: string | undefined;
  singleValue: boolean;
}

interface SchemaClass {
  name: string;
  sup: string | undefined;
  kind: 'STRUCTURAL' | 'ABSTRACT' | 'AUXILIARY';
  must: string[];
  may: string[];
}

export interface Schema {
  attributes: Map<string, SchemaAttribute>;
  classes: Map<string, SchemaClass>;
}

const INTEGER_SYNTAX = '1.3.6.1.4.1.1466.115.121.1.27';

function oids(text: string | undefined): string[] {
  if (!text) return [];
  return text
    .replace(/[()]/g, ' ')
    .split('$')
    .map((s) => s.trim())
    .filter(Boolean);
}

function field(body: string, keyword: string): string | undefined {
  const re = new RegExp(`\\b${keyword}\\s+(\\([^)]*\\)|'[^']*'|\\S+)`);
  return re.exec(body)?.[1];
}

/** Each `attributetype ( … )` / `objectclass ( … )` with its balanced parentheses. */
function definitions(text: string): [kind: string, body: string][] {
  const out: [string, string][] = [];
  const start = /^(attributetype|objectclass)\s*\(/gim;
  for (let m = start.exec(text); m; m = start.exec(text)) {
    let depth = 1;
    let quoted = false;
    let i = start.lastIndex;
    for (; i < text.length && depth > 0; i++) {
      const c = text[i];
      if (c === "'") quoted = !quoted;
      else if (!quoted && c === '(') depth++;
      else if (!quoted && c === ')') depth--;
    }
    out.push([m[1]!, text.slice(start.lastIndex, i - 1)]);
    start.lastIndex = i;
  }
  return out;
}

export function parseSchema(text: string, into?: Schema): Schema {
  const schema: Schema = into ?? {
    attributes: new Map<string, SchemaAttribute>(),
    classes: new Map<string, SchemaClass>(),
  };
  const clean = text.replace(/^#.*$/gm, '');
  for (const [kind, raw] of definitions(clean)) {
    const body = raw.replace(/\s+/g, ' ');
    const nameField = field(body, 'NAME') ?? '';
    const names = [...nameField.matchAll(/'([^']+)'/g)].map((m) => m[1]!.toLowerCase());
    if (kind.toLowerCase() === 'attributetype') {
      const attribute: SchemaAttribute = {
        names,
        syntax: field(body, 'SYNTAX')?.replace(/\{\d+\}$/, ''),
        singleValue: /\bSINGLE-VALUE\b/.test(body),
      };
      const sup = field(body, 'SUP')?.replace(/'/g, '').toLowerCase();
      if (!attribute.syntax && sup) attribute.syntax = schema.attributes.get(sup)?.syntax;
      for (const name of names) schema.attributes.set(name, attribute);
    } else {
      const kindMatch = /\b(STRUCTURAL|ABSTRACT|AUXILIARY)\b/.exec(body);
      const cls: SchemaClass = {
        name: names[0]!,
        sup: field(body, 'SUP')?.replace(/'/g, '').toLowerCase(),
        kind: (kindMatch?.[1] as SchemaClass['kind'] | undefined) ?? 'STRUCTURAL',
        must: oids(field(body, 'MUST')).map((s) => s.toLowerCase()),
        may: oids(field(body, 'MAY')).map((s) => s.toLowerCase()),
      };
      for (const name of names) schema.classes.set(name, cls);
    }
  }
  return schema;
}

function parentOf(dn: string): string {
  for (let i = 0; i < dn.length; i++) {
    if (dn[i] === '\\') i++;
    else if (dn[i] === ',') return dn.slice(i + 1);
  }
  return '';
}

function unescapeRdnValue(value: string): string {
  return value.replace(/\\([0-9a-fA-F]{2}|.)/g, (_, c: string) =>
    c.length === 2 ? String.fromCharCode(parseInt(c, 16)) : c,
  );
}

export function checkEntries(entries: LdifEntry[], schema: Schema): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const entry of entries) {
    const where = `dn: ${entry.dn}`;
    const key = entry.dn.toLowerCase();
    if (seen.has(key)) problems.push(`${where}: duplicate DN`);
    const parent = parentOf(entry.dn);
    if (parent && !seen.has(parent.toLowerCase()) && parent.toLowerCase() !== 'o=glue') {
      problems.push(`${where}: parent ${parent} not added before`);
    }
    seen.add(key);

    const values = new Map<string, string[]>();
    for (const [name, value] of entry.attributes) {
      const lower = name.toLowerCase();
      values.set(lower, [...(values.get(lower) ?? []), value]);
    }
    const classes = values.get('objectclass') ?? [];
    const allowed = new Set(['objectclass']);
    const required = new Set<string>();
    for (const name of classes) {
      let cls = schema.classes.get(name.toLowerCase());
      if (!cls) problems.push(`${where}: unknown objectClass ${name}`);
      while (cls) {
        for (const a of cls.must) required.add(a);
        for (const a of [...cls.must, ...cls.may]) allowed.add(a);
        cls = cls.sup ? schema.classes.get(cls.sup) : undefined;
      }
    }
    const canonical = (name: string) => schema.attributes.get(name)?.names[0] ?? name;
    const present = new Set([...values.keys()].map(canonical));
    const allowedCanonical = new Set([...allowed].map(canonical));
    for (const name of required) {
      if (!present.has(canonical(name))) problems.push(`${where}: missing MUST ${name}`);
    }
    for (const [name, list] of values) {
      if (name === 'objectclass') continue;
      const attribute = schema.attributes.get(name);
      if (!attribute) {
        problems.push(`${where}: unknown attribute ${name}`);
        continue;
      }
      if (!allowedCanonical.has(attribute.names[0]!)) {
        problems.push(`${where}: ${name} not allowed by ${classes.join(', ')}`);
      }
      if (attribute.singleValue && list.length > 1) {
        problems.push(`${where}: SINGLE-VALUE ${name} given ${list.length} times`);
      }
      if (attribute.syntax === INTEGER_SYNTAX && list.some((v) => !/^-?\d+$/.test(v))) {
        problems.push(`${where}: ${name} must be an integer, got ${list.join(', ')}`);
      }
      if (list.some((v) => v === '')) problems.push(`${where}: empty ${name}`);
    }
    const rdn = /^([^=]+)=((?:\\.|[^,\\])*)/.exec(entry.dn);
    if (rdn) {
      const rdnValue = unescapeRdnValue(rdn[2]!);
      if (!(values.get(rdn[1]!.toLowerCase()) ?? []).includes(rdnValue)) {
        problems.push(`${where}: RDN value not in the entry's ${rdn[1]}`);
      }
    }
  }
  return problems;
}
