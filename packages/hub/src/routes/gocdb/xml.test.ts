import { describe, expect, it } from 'vitest';
import { parseXml } from '../../../test/xml.js';
import { el, escapeAttribute, escapeText, renderDocument, text, textIfAny } from './xml.js';

describe('GOCDB XML builder', () => {
  it('escapes text and attributes so any value round-trips', () => {
    const nasty = `a & b < c > d "e" 'f'\nnext\tline`;
    const doc = renderDocument(el('results', { NAME: nasty }, [text('DESCRIPTION', nasty)]));
    const root = parseXml(doc);
    expect(root.attrs.NAME).toBe(nasty);
    expect(root.children[0]!.text).toBe(nasty.trim());
    expect(escapeText('<&>')).toBe('&lt;&amp;&gt;');
    expect(escapeAttribute('"\n')).toBe('&quot;&#10;');
  });

  it('drops characters XML 1.0 cannot carry instead of breaking the document', () => {
    const doc = renderDocument(text('DESCRIPTION', 'bell\u0007 and nul\u0000 end'));
    expect(parseXml(doc).text).toBe('bell and nul end');
  });

  it('prints GOCDB-style: declaration, two-space indent, empty elements self-closed', () => {
    const doc = renderDocument(
      el('results', {}, [
        el('SITE', { ID: 1 }, [text('NAME', 'A'), el('CORE'), textIfAny('X', '')]),
      ]),
    );
    expect(doc).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<results>\n  <SITE ID="1">\n    <NAME>A</NAME>\n    <CORE/>\n  </SITE>\n</results>\n',
    );
  });
});
