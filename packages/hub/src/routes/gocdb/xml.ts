/** A tiny XML tree: enough for GOCDB's documents, with escaping done in one place. */
export interface XmlElement {
  name: string;
  attributes: [string, string][];
  children: XmlNode[];
}
export type XmlNode = XmlElement | string;

/** Builds an element; `children` may mix elements and text, undefined entries are dropped. */
export function el(
  name: string,
  attributes: Record<string, string | number> = {},
  children: (XmlNode | undefined)[] = [],
): XmlElement {
  return {
    name,
    attributes: Object.entries(attributes).map(([k, v]) => [k, String(v)]),
    children: children.filter((c): c is XmlNode => c !== undefined),
  };
}

/** An element holding only text: `<NAME>text</NAME>`. */
export function text(name: string, value: string | number): XmlElement {
  return el(name, {}, [String(value)]);
}

/** GOCDB leaves out elements whose value is empty (its addIfNotEmpty helper). */
export function textIfAny(
  name: string,
  value: string | number | null | undefined,
): XmlElement | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  return text(name, value);
}

// XML 1.0 allows only these characters; anything else (e.g. a stray control character in a
// description) would make the whole document unparseable, so it is dropped.
// eslint-disable-next-line no-control-regex -- naming the allowed control characters is the point
const INVALID_CHARS = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function escapeText(value: string): string {
  return value
    .replace(INVALID_CHARS, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

export function escapeAttribute(value: string): string {
  return escapeText(value)
    .replace(/"/g, '&quot;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}

function render(node: XmlElement, indent: string, out: string[]): void {
  const attrs = node.attributes.map(([k, v]) => ` ${k}="${escapeAttribute(v)}"`).join('');
  if (node.children.length === 0) {
    out.push(`${indent}<${node.name}${attrs}/>`);
  } else if (node.children.every((c) => typeof c === 'string')) {
    out.push(`${indent}<${node.name}${attrs}>${escapeText(node.children.join(''))}</${node.name}>`);
  } else {
    out.push(`${indent}<${node.name}${attrs}>`);
    for (const child of node.children) {
      if (typeof child === 'string') out.push(`${indent}  ${escapeText(child)}`);
      else render(child, `${indent}  `, out);
    }
    out.push(`${indent}</${node.name}>`);
  }
}

/** The document as GOCDB prints it: declaration, then the tree indented by two spaces. */
export function renderDocument(root: XmlElement): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  render(root, '', out);
  return `${out.join('\n')}\n`;
}
