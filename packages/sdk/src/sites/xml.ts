/**
 * Just enough XML for GOCDB's programmatic interface: elements, attributes, text, CDATA and the
 * predefined and numeric entities; the prolog, comments, processing instructions and a DOCTYPE
 * without an internal subset are skipped. Namespaces are not interpreted (GOCDB uses none).
 * Anything else is a syntax error with its offset, never a silently wrong tree.
 */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** The element's own text (CDATA included), children's text excluded. */
  text: string;
}

export class XmlSyntaxError extends Error {
  constructor(message: string, offset: number) {
    super(`${message} at offset ${offset}`);
    this.name = 'XmlSyntaxError';
  }
}

const NAME = /[A-Za-z_:][-\w.:]*/y;
const ATTRIBUTE = /\s*([A-Za-z_:][-\w.:]*)\s*=\s*("([^"]*)"|'([^']*)')/y;

export function parseXml(input: string): XmlElement {
  let at = 0;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;

  const fail = (message: string): never => {
    throw new XmlSyntaxError(message, at);
  };
  const skipPast = (end: string): void => {
    const found = input.indexOf(end, at);
    if (found < 0) fail(`missing "${end}"`);
    at = found + end.length;
  };

  while (at < input.length) {
    const lt = input.indexOf('<', at);
    const textEnd = lt < 0 ? input.length : lt;
    if (textEnd > at) {
      const text = input.slice(at, textEnd);
      const current = stack.at(-1);
      if (current) current.text += decodeEntities(text, at);
      else if (text.trim() !== '') fail('text outside the root element');
      at = textEnd;
      continue;
    }
    if (input.startsWith('<?', at)) skipPast('?>');
    else if (input.startsWith('<!--', at)) skipPast('-->');
    else if (input.startsWith('<![CDATA[', at)) {
      const current = stack.at(-1) ?? fail('CDATA outside the root element');
      const start = at + 9;
      skipPast(']]>');
      current.text += input.slice(start, at - 3);
    } else if (input.startsWith('<!DOCTYPE', at)) {
      const close = input.indexOf('>', at);
      if (close < 0 || input.slice(at, close).includes('[')) fail('unsupported DOCTYPE');
      at = close + 1;
    } else if (input.startsWith('</', at)) {
      at += 2;
      const name = readName();
      const open = stack.pop();
      if (!open || open.name !== name) fail(`unexpected </${name}>`);
      const close = input.indexOf('>', at);
      if (close < 0 || input.slice(at, close).trim() !== '') fail(`malformed </${name}>`);
      at = close + 1;
    } else {
      at += 1;
      const element: XmlElement = { name: readName(), attributes: {}, children: [], text: '' };
      for (;;) {
        ATTRIBUTE.lastIndex = at;
        const match = ATTRIBUTE.exec(input);
        if (!match) break;
        element.attributes[match[1] ?? ''] = decodeEntities(match[3] ?? match[4] ?? '', at);
        at = ATTRIBUTE.lastIndex;
      }
      while (/\s/.test(input[at] ?? '')) at += 1;
      const parent = stack.at(-1);
      if (parent) parent.children.push(element);
      else if (root) fail('a second root element');
      else root = element;
      if (input.startsWith('/>', at)) at += 2;
      else if (input[at] === '>') {
        at += 1;
        stack.push(element);
      } else fail(`malformed <${element.name}>`);
    }
  }
  if (stack.length > 0) fail(`<${stack.at(-1)?.name ?? ''}> is not closed`);
  return root ?? fail('no root element');

  function readName(): string {
    NAME.lastIndex = at;
    const match = NAME.exec(input);
    if (!match) return fail('expected a name');
    at = NAME.lastIndex;
    return match[0];
  }
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(text: string, offset: number): string {
  return text.replace(/&([^;\s&]*);?/g, (whole, name: string) => {
    if (!whole.endsWith(';')) throw new XmlSyntaxError(`bare "&"`, offset);
    if (name.startsWith('#')) {
      const code = name.startsWith('#x')
        ? Number.parseInt(name.slice(2), 16)
        : Number.parseInt(name.slice(1), 10);
      if (!Number.isInteger(code) || code < 0 || code > 0x10ffff) {
        throw new XmlSyntaxError(`bad character reference &${name};`, offset);
      }
      return String.fromCodePoint(code);
    }
    const value = ENTITIES[name];
    if (value === undefined) throw new XmlSyntaxError(`unknown entity &${name};`, offset);
    return value;
  });
}

/** The first direct child of that name. */
export function childElement(element: XmlElement, name: string): XmlElement | undefined {
  return element.children.find((child) => child.name === name);
}

/** The trimmed text of the first direct child of that name ('' when there is none). */
export function childText(element: XmlElement, name: string): string {
  return childElement(element, name)?.text.trim() ?? '';
}
