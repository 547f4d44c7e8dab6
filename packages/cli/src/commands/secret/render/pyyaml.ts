import { isPyInt, pyFloatRepr } from './python-values.js';

/**
 * PyYAML's `yaml.dump(data, sort_keys=False)` for what json.loads gives (dict, list, str, int,
 * float, bool, None), which fedcloudclient prints with `-f YAML`. The eemeli `yaml` package
 * writes valid YAML too, but not PyYAML's: PyYAML quotes what would resolve to another type in
 * YAML 1.1 ('yes', '0755', '1:30'), escapes every non-ASCII character (allow_unicode is off),
 * folds long scalars at 80 columns and never writes block literals. So this is PyYAML's
 * emitter (yaml/emitter.py, block style, no anchors or tags needed) ported state by state.
 */

type Scalar = { kind: 'scalar'; value: string; tag: string; implicit: [boolean, boolean] };
type Event =
  | { kind: 'stream-start' | 'stream-end' | 'document-start' | 'document-end' }
  | { kind: 'sequence-start' | 'sequence-end' | 'mapping-start' | 'mapping-end' }
  | Scalar;

const TAG = 'tag:yaml.org,2002:';

/** PyYAML's YAML 1.1 implicit resolvers (yaml/resolver.py), all that turn a plain scalar into a non-string. */
const RESOLVERS: RegExp[] = [
  /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/,
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/,
  /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/,
  /^(?:<<)$/,
  /^(?:~|null|Null|NULL|)$/,
  /^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$/,
  /^(?:=)$/,
  /^(?:!|&|\*)$/,
];

/** Python's re.match with `$`, which also matches before one final newline. */
function resolvesToOtherType(value: string): boolean {
  const candidates = value.endsWith('\n') ? [value, value.slice(0, -1)] : [value];
  return RESOLVERS.some((re) => candidates.some((v) => re.test(v)));
}

function representScalar(value: unknown): Scalar {
  if (typeof value === 'string') {
    return {
      kind: 'scalar',
      value,
      tag: `${TAG}str`,
      implicit: [!resolvesToOtherType(value), true],
    };
  }
  let text: string;
  let tag: string;
  if (value === null || value === undefined) [text, tag] = ['null', 'null'];
  else if (typeof value === 'boolean') [text, tag] = [value ? 'true' : 'false', 'bool'];
  else if (typeof value === 'number' && isPyInt(value)) {
    [text, tag] = [String(value), 'int'];
  } else if (typeof value === 'number') {
    if (Number.isNaN(value)) text = '.nan';
    else if (!Number.isFinite(value)) text = value > 0 ? '.inf' : '-.inf';
    else {
      text = pyFloatRepr(value).toLowerCase();
      if (!text.includes('.') && text.includes('e')) text = text.replace('e', '.0e');
    }
    tag = 'float';
  } else [text, tag] = [typeof value === 'bigint' ? value.toString() : '', 'str'];
  // The plain form resolves back to the same type: implicit for plain style only.
  return { kind: 'scalar', value: text, tag: `${TAG}${tag}`, implicit: [true, tag === 'str'] };
}

function* serialize(value: unknown): Generator<Event> {
  if (Array.isArray(value)) {
    yield { kind: 'sequence-start' };
    for (const item of value) yield* serialize(item);
    yield { kind: 'sequence-end' };
  } else if (value !== null && typeof value === 'object') {
    yield { kind: 'mapping-start' };
    for (const [k, v] of Object.entries(value)) {
      yield representScalar(k);
      yield* serialize(v);
    }
    yield { kind: 'mapping-end' };
  } else {
    yield representScalar(value);
  }
}

interface Analysis {
  scalar: string[];
  empty: boolean;
  multiline: boolean;
  allowFlowPlain: boolean;
  allowBlockPlain: boolean;
  allowSingleQuoted: boolean;
  allowBlock: boolean;
}

const BREAKS = '\n\x85\u2028\u2029';
const SPACE_OR_BREAK = '\0 \t\r\n\x85\u2028\u2029';

/** Emitter.analyze_scalar, with allow_unicode off (PyYAML's default). */
function analyzeScalar(text: string): Analysis {
  const s = Array.from(text);
  if (s.length === 0) {
    return {
      scalar: s,
      empty: true,
      multiline: false,
      allowFlowPlain: false,
      allowBlockPlain: true,
      allowSingleQuoted: true,
      allowBlock: false,
    };
  }
  let blockIndicators = false;
  let flowIndicators = false;
  let lineBreaks = false;
  let specialCharacters = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  if (text.startsWith('---') || text.startsWith('...')) {
    blockIndicators = true;
    flowIndicators = true;
  }
  let precededByWhitespace = true;
  let followedByWhitespace = s.length === 1 || SPACE_OR_BREAK.includes(s[1]!);
  let previousSpace = false;
  let previousBreak = false;
  for (let index = 0; index < s.length; index += 1) {
    const ch = s[index]!;
    if (index === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(ch)) {
        flowIndicators = true;
        blockIndicators = true;
      }
      if ('?:'.includes(ch)) {
        flowIndicators = true;
        if (followedByWhitespace) blockIndicators = true;
      }
      if (ch === '-' && followedByWhitespace) {
        flowIndicators = true;
        blockIndicators = true;
      }
    } else {
      if (',?[]{}'.includes(ch)) flowIndicators = true;
      if (ch === ':') {
        flowIndicators = true;
        if (followedByWhitespace) blockIndicators = true;
      }
      if (ch === '#' && precededByWhitespace) {
        flowIndicators = true;
        blockIndicators = true;
      }
    }
    if (BREAKS.includes(ch)) lineBreaks = true;
    const code = ch.codePointAt(0)!;
    // Outside printable ASCII: unicode characters are special too, since allow_unicode is off.
    if (!(ch === '\n' || (code >= 0x20 && code <= 0x7e))) specialCharacters = true;
    if (ch === ' ') {
      if (index === 0) leadingSpace = true;
      if (index === s.length - 1) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (BREAKS.includes(ch)) {
      if (index === 0) leadingBreak = true;
      if (index === s.length - 1) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = SPACE_OR_BREAK.includes(ch);
    followedByWhitespace = index + 2 >= s.length || SPACE_OR_BREAK.includes(s[index + 2]!);
  }
  let allowFlowPlain = true;
  let allowBlockPlain = true;
  let allowSingleQuoted = true;
  let allowBlock = true;
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) {
    allowFlowPlain = allowBlockPlain = false;
  }
  if (trailingSpace) allowBlock = false;
  if (breakSpace) allowFlowPlain = allowBlockPlain = allowSingleQuoted = false;
  if (spaceBreak || specialCharacters) {
    allowFlowPlain = allowBlockPlain = allowSingleQuoted = allowBlock = false;
  }
  if (lineBreaks) allowFlowPlain = allowBlockPlain = false;
  if (flowIndicators) allowFlowPlain = false;
  if (blockIndicators) allowBlockPlain = false;
  return {
    scalar: s,
    empty: false,
    multiline: lineBreaks,
    allowFlowPlain,
    allowBlockPlain,
    allowSingleQuoted,
    allowBlock,
  };
}

const ESCAPES: Record<string, string> = {
  '\0': '0',
  '\x07': 'a',
  '\x08': 'b',
  '\x09': 't',
  '\x0A': 'n',
  '\x0B': 'v',
  '\x0C': 'f',
  '\x0D': 'r',
  '\x1B': 'e',
  '"': '"',
  '\\': '\\',
  '\x85': 'N',
  '\xA0': '_',
  '\u2028': 'L',
  '\u2029': 'P',
};

const BEST_INDENT = 2;
const BEST_WIDTH = 80;

class Emitter {
  private out = '';
  private readonly events: Event[];
  private position = 0;
  private event: Event | undefined;
  private states: (() => void)[] = [];
  private state: () => void = () => this.expectStreamStart();
  private indents: (number | undefined)[] = [];
  private indent: number | undefined;
  private flowLevel = 0;
  private rootContext = false;
  private simpleKeyContext = false;
  private mappingContext = false;
  private column = 0;
  private whitespace = true;
  private indention = true;
  private openEnded = false;
  private preparedTag: string | undefined;
  private analysis: Analysis | undefined;
  private style: string | undefined;

  constructor(events: Iterable<Event>) {
    this.events = [...events];
  }

  run(): string {
    while (this.position < this.events.length) {
      this.event = this.events[this.position];
      this.position += 1;
      this.state();
    }
    return this.out;
  }

  private next(): Event | undefined {
    return this.events[this.position];
  }

  private increaseIndent(flow: boolean, indentless = false): void {
    this.indents.push(this.indent);
    if (this.indent === undefined) this.indent = flow ? BEST_INDENT : 0;
    else if (!indentless) this.indent += BEST_INDENT;
  }

  private popState(): void {
    this.state = this.states.pop()!;
  }

  private expectStreamStart(): void {
    this.state = () => this.expectDocumentStart(true);
  }

  private expectDocumentStart(first: boolean): void {
    if (this.event?.kind === 'document-start') {
      // Every scalar carries its tag, so PyYAML's check_empty_document never holds for a dump.
      if (!first) {
        this.writeIndent();
        this.writeIndicator('---', true);
      }
      this.state = () => {
        this.states.push(() => this.expectDocumentEnd());
        this.expectNode({ root: true });
      };
    } else {
      if (this.openEnded) {
        this.writeIndicator('...', true);
        this.writeIndent();
      }
      this.state = () => undefined;
    }
  }

  private expectDocumentEnd(): void {
    this.writeIndent();
    this.state = () => this.expectDocumentStart(false);
  }

  private expectNode(context: { root?: boolean; mapping?: boolean; simpleKey?: boolean }): void {
    this.rootContext = context.root === true;
    this.mappingContext = context.mapping === true;
    this.simpleKeyContext = context.simpleKey === true;
    const event = this.event!;
    if (event.kind === 'scalar') {
      this.processTag();
      this.increaseIndent(true);
      this.processScalar();
      this.indent = this.indents.pop();
      this.popState();
    } else if (event.kind === 'sequence-start') {
      if (this.flowLevel > 0 || this.next()?.kind === 'sequence-end') this.expectFlowSequence();
      else this.expectBlockSequence();
    } else if (event.kind === 'mapping-start') {
      if (this.flowLevel > 0 || this.next()?.kind === 'mapping-end') this.expectFlowMapping();
      else this.expectBlockMapping();
    }
  }

  // Flow collections only ever hold nothing here: block style is the default (default_flow_style=False).
  private expectFlowSequence(): void {
    this.writeIndicator('[', true, true);
    this.flowLevel += 1;
    this.increaseIndent(true);
    this.state = () => {
      this.indent = this.indents.pop();
      this.flowLevel -= 1;
      this.writeIndicator(']', false);
      this.popState();
    };
  }

  private expectFlowMapping(): void {
    this.writeIndicator('{', true, true);
    this.flowLevel += 1;
    this.increaseIndent(true);
    this.state = () => {
      this.indent = this.indents.pop();
      this.flowLevel -= 1;
      this.writeIndicator('}', false);
      this.popState();
    };
  }

  private expectBlockSequence(): void {
    const indentless = this.mappingContext && !this.indention;
    this.increaseIndent(false, indentless);
    this.state = () => this.expectBlockSequenceItem(true);
  }

  private expectBlockSequenceItem(first: boolean): void {
    if (!first && this.event?.kind === 'sequence-end') {
      this.indent = this.indents.pop();
      this.popState();
      return;
    }
    this.writeIndent();
    this.writeIndicator('-', true, false, true);
    this.states.push(() => this.expectBlockSequenceItem(false));
    this.expectNode({});
  }

  private expectBlockMapping(): void {
    this.increaseIndent(false);
    this.state = () => this.expectBlockMappingKey(true);
  }

  private expectBlockMappingKey(first: boolean): void {
    if (!first && this.event?.kind === 'mapping-end') {
      this.indent = this.indents.pop();
      this.popState();
      return;
    }
    this.writeIndent();
    if (this.checkSimpleKey()) {
      this.states.push(() => {
        this.writeIndicator(':', false);
        this.states.push(() => this.expectBlockMappingKey(false));
        this.expectNode({ mapping: true });
      });
      this.expectNode({ mapping: true, simpleKey: true });
    } else {
      this.writeIndicator('?', true, false, true);
      this.states.push(() => {
        this.writeIndent();
        this.writeIndicator(':', true, false, true);
        this.states.push(() => this.expectBlockMappingKey(false));
        this.expectNode({ mapping: true });
      });
      this.expectNode({ mapping: true });
    }
  }

  private checkSimpleKey(): boolean {
    const event = this.event!;
    let length = 0;
    if (event.kind === 'scalar') {
      this.preparedTag ??= prepareTag(event.tag);
      length += this.preparedTag.length;
      this.analysis ??= analyzeScalar(event.value);
      length += this.analysis.scalar.length;
      return length < 128 && !this.analysis.empty && !this.analysis.multiline;
    }
    const next = this.next()?.kind;
    return (
      (event.kind === 'sequence-start' && next === 'sequence-end') ||
      (event.kind === 'mapping-start' && next === 'mapping-end')
    );
  }

  private processTag(): void {
    const event = this.event as Scalar;
    this.style ??= this.chooseScalarStyle();
    if ((this.style === '' && event.implicit[0]) || (this.style !== '' && event.implicit[1])) {
      this.preparedTag = undefined;
      return;
    }
    this.preparedTag ??= prepareTag(event.tag);
    this.writeIndicator(this.preparedTag, true);
    this.preparedTag = undefined;
  }

  private chooseScalarStyle(): string {
    const event = this.event as Scalar;
    this.analysis ??= analyzeScalar(event.value);
    const a = this.analysis;
    if (event.implicit[0]) {
      if (
        !(this.simpleKeyContext && (a.empty || a.multiline)) &&
        ((this.flowLevel > 0 && a.allowFlowPlain) || (this.flowLevel === 0 && a.allowBlockPlain))
      ) {
        return '';
      }
    }
    if (a.allowSingleQuoted && !(this.simpleKeyContext && a.multiline)) return "'";
    return '"';
  }

  private processScalar(): void {
    const event = this.event as Scalar;
    this.analysis ??= analyzeScalar(event.value);
    this.style ??= this.chooseScalarStyle();
    const split = !this.simpleKeyContext;
    const text = this.analysis.scalar;
    if (this.style === '"') this.writeDoubleQuoted(text, split);
    else if (this.style === "'") this.writeSingleQuoted(text, split);
    else this.writePlain(text, split);
    this.analysis = undefined;
    this.style = undefined;
  }

  private write(data: string): void {
    this.out += data;
  }

  private writeIndicator(
    indicator: string,
    needWhitespace: boolean,
    whitespace = false,
    indention = false,
  ): void {
    const data = this.whitespace || !needWhitespace ? indicator : ` ${indicator}`;
    this.whitespace = whitespace;
    this.indention = this.indention && indention;
    this.column += data.length;
    this.openEnded = false;
    this.write(data);
  }

  private writeIndent(): void {
    const indent = this.indent ?? 0;
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) {
      this.writeLineBreak();
    }
    if (this.column < indent) {
      this.whitespace = true;
      this.write(' '.repeat(indent - this.column));
      this.column = indent;
    }
  }

  private writeLineBreak(data = '\n'): void {
    this.whitespace = true;
    this.indention = true;
    this.column = 0;
    this.write(data);
  }

  private writeChunk(text: string[], start: number, end: number): void {
    const data = text.slice(start, end).join('');
    this.column += end - start;
    this.write(data);
  }

  private writeSingleQuoted(text: string[], split: boolean): void {
    this.writeIndicator("'", true);
    let spaces = false;
    let breaks = false;
    let start = 0;
    for (let end = 0; end <= text.length; end += 1) {
      const ch = end < text.length ? text[end] : undefined;
      if (spaces) {
        if (ch === undefined || ch !== ' ') {
          if (
            start + 1 === end &&
            this.column > BEST_WIDTH &&
            split &&
            start !== 0 &&
            end !== text.length
          ) {
            this.writeIndent();
          } else {
            this.writeChunk(text, start, end);
          }
          start = end;
        }
      } else if (breaks) {
        if (ch === undefined || !BREAKS.includes(ch)) {
          if (text[start] === '\n') this.writeLineBreak();
          for (const br of text.slice(start, end)) this.writeLineBreak(br === '\n' ? '\n' : br);
          this.writeIndent();
          start = end;
        }
      } else if (ch === undefined || ` ${BREAKS}`.includes(ch) || ch === "'") {
        if (start < end) {
          this.writeChunk(text, start, end);
          start = end;
        }
      }
      if (ch === "'") {
        this.column += 2;
        this.write("''");
        start = end + 1;
      }
      if (ch !== undefined) {
        spaces = ch === ' ';
        breaks = BREAKS.includes(ch);
      }
    }
    this.writeIndicator("'", false);
  }

  private writeDoubleQuoted(text: string[], split: boolean): void {
    this.writeIndicator('"', true);
    let start = 0;
    for (let end = 0; end <= text.length; end += 1) {
      const ch = end < text.length ? text[end] : undefined;
      const code = ch?.codePointAt(0);
      if (
        ch === undefined ||
        '"\\\x85\u2028\u2029\uFEFF'.includes(ch) ||
        !(code! >= 0x20 && code! <= 0x7e)
      ) {
        if (start < end) {
          this.writeChunk(text, start, end);
          start = end;
        }
        if (ch !== undefined) {
          let data: string;
          if (ESCAPES[ch] !== undefined) data = `\\${ESCAPES[ch]}`;
          else if (code! <= 0xff) data = `\\x${hexUpper(code!, 2)}`;
          else if (code! <= 0xffff) data = `\\u${hexUpper(code!, 4)}`;
          else data = `\\U${hexUpper(code!, 8)}`;
          this.column += data.length;
          this.write(data);
          start = end + 1;
        }
      }
      if (
        end > 0 &&
        end < text.length - 1 &&
        (ch === ' ' || start >= end) &&
        this.column + (end - start) > BEST_WIDTH &&
        split
      ) {
        const data = `${text.slice(start, end).join('')}\\`;
        if (start < end) start = end;
        this.column += Array.from(data).length;
        this.write(data);
        this.writeIndent();
        this.whitespace = false;
        this.indention = false;
        if (text[start] === ' ') {
          this.column += 1;
          this.write('\\');
        }
      }
    }
    this.writeIndicator('"', false);
  }

  private writePlain(text: string[], split: boolean): void {
    if (this.rootContext) this.openEnded = true;
    if (text.length === 0) return;
    if (!this.whitespace) {
      this.column += 1;
      this.write(' ');
    }
    this.whitespace = false;
    this.indention = false;
    let spaces = false;
    let breaks = false;
    let start = 0;
    for (let end = 0; end <= text.length; end += 1) {
      const ch = end < text.length ? text[end] : undefined;
      if (spaces) {
        if (ch !== ' ') {
          if (start + 1 === end && this.column > BEST_WIDTH && split) {
            this.writeIndent();
            this.whitespace = false;
            this.indention = false;
          } else {
            this.writeChunk(text, start, end);
          }
          start = end;
        }
      } else if (breaks) {
        if (ch === undefined || !BREAKS.includes(ch)) {
          if (text[start] === '\n') this.writeLineBreak();
          for (const br of text.slice(start, end)) this.writeLineBreak(br === '\n' ? '\n' : br);
          this.writeIndent();
          this.whitespace = false;
          this.indention = false;
          start = end;
        }
      } else if (ch === undefined || ` ${BREAKS}`.includes(ch)) {
        this.writeChunk(text, start, end);
        start = end;
      }
      if (ch !== undefined) {
        spaces = ch === ' ';
        breaks = BREAKS.includes(ch);
      }
    }
  }
}

/** Emitter.prepare_tag for the standard tags: `tag:yaml.org,2002:str` → `!!str`. */
function prepareTag(tag: string): string {
  return tag.startsWith(TAG) ? `!!${tag.slice(TAG.length)}` : tag;
}

function hexUpper(code: number, width: number): string {
  return code.toString(16).toUpperCase().padStart(width, '0');
}

/** yaml.dump(value, sort_keys=False): block style, 2-space indent, width 80, ASCII only. */
export function pyyamlDump(value: unknown): string {
  return new Emitter([
    { kind: 'stream-start' },
    { kind: 'document-start' },
    ...serialize(value),
    { kind: 'document-end' },
    { kind: 'stream-end' },
  ]).run();
}
