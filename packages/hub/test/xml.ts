/**
 * A strict little XML reader for tests: elements, double-quoted attributes, text and the five
 * entities plus numeric references. It throws on anything malformed (unclosed or mismatched
 * tags, a raw "<" or "&" in text), which is what the GOCDB tests rely on.
 */
export interface Node {
  name: string;
  attrs: Record<string, string>;
  children: Node[];
  text: string;
}

function decode(raw: string): string {
  if (/&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);)/i.test(raw)) {
    throw new Error(`unescaped & in ${JSON.stringify(raw)}`);
  }
  return raw.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);/gi, (_m, e: string) => {
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
    if (named[e]) return named[e];
    return String.fromCodePoint(
      e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1)),
    );
  });
}

export function parseXml(source: string): Node {
  let i = 0;
  const fail = (why: string): never => {
    throw new Error(`${why} at ${i}: ${JSON.stringify(source.slice(i, i + 40))}`);
  };
  const skipSpace = () => {
    while (/\s/.test(source[i] ?? '')) i++;
  };
  if (source.startsWith('<?xml')) {
    i = source.indexOf('?>') + 2;
    if (i < 2) fail('unterminated declaration');
  }
  skipSpace();
  const element = (): Node => {
    if (source[i] !== '<') fail('expected <');
    i++;
    const name = /^[A-Za-z_][\w.-]*/.exec(source.slice(i))?.[0] ?? fail('bad name');
    i += name.length;
    const node: Node = { name, attrs: {}, children: [], text: '' };
    for (;;) {
      skipSpace();
      if (source.startsWith('/>', i)) {
        i += 2;
        return node;
      }
      if (source[i] === '>') {
        i++;
        break;
      }
      const attr = /^([A-Za-z_][\w.-]*)="([^"<]*)"/.exec(source.slice(i)) ?? fail('bad attribute');
      if (attr[1]! in node.attrs) fail(`duplicate attribute ${attr[1]}`);
      node.attrs[attr[1]!] = decode(attr[2]!);
      i += attr[0].length;
    }
    for (;;) {
      const lt = source.indexOf('<', i);
      if (lt < 0) fail(`unclosed <${name}>`);
      node.text += decode(source.slice(i, lt));
      i = lt;
      if (source.startsWith(`</${name}>`, i)) {
        i += name.length + 3;
        node.text = node.text.trim();
        return node;
      }
      if (source[i + 1] === '/') fail(`mismatched close for <${name}>`);
      node.children.push(element());
    }
  };
  const root = element();
  skipSpace();
  if (i !== source.length) fail('content after the root element');
  return root;
}

/** Children of `node` with the given name. */
export const all = (node: Node, name: string) => node.children.filter((c) => c.name === name);

/** The text of the one child with that name (undefined when absent). */
export function field(node: Node, name: string): string | undefined {
  const found = all(node, name);
  if (found.length > 1) throw new Error(`${name} appears ${found.length} times in <${node.name}>`);
  return found[0]?.text;
}
