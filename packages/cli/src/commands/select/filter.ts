import { FedcloudError } from '@fedcloud/sdk';

/**
 * fedcloudclient's `--flavor-specs` / `--image-specs`: the inside of a JSONPath filter
 * (`$[?( VCPUs==2 & RAM>2048 )]`), parsed here without eval. Grammar:
 *
 *   expr  := and ('|' and)*
 *   and   := unary ('&' unary)*
 *   unary := '(' expr ')' | path op value
 *   path  := name ('.' name)*        name: bare word or 'quoted' / "quoted"
 *   op    := == != >= <= > < =~
 *   value := number | 'string' | "string" | true | false | null | bare word
 */
type Op = '==' | '!=' | '>' | '>=' | '<' | '<=' | '=~';

export type Filter =
  | { kind: 'and' | 'or'; parts: Filter[] }
  | { kind: 'cmp'; path: string[]; op: Op; value: string | number | boolean | null };

const OPS: Op[] = ['==', '!=', '>=', '<=', '=~', '>', '<'];

class Parser {
  private pos = 0;
  constructor(private readonly text: string) {}

  fail(message: string, at = this.pos): never {
    throw new FedcloudError(
      'SPEC_INVALID',
      `Invalid filter at position ${at + 1}: ${message}\n  ${this.text}\n  ${' '.repeat(at)}^`,
      {
        hint: 'Filters look like "VCPUs==2 & RAM>2048" or Name=~"22.04" (operators == != > >= < <= =~, joined by & and |).',
        details: { position: at + 1 },
      },
    );
  }

  private skip(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos] ?? '')) this.pos++;
  }

  private peek(s: string): boolean {
    this.skip();
    return this.text.startsWith(s, this.pos);
  }

  parse(): Filter {
    this.skip();
    if (this.pos >= this.text.length) this.fail('empty filter');
    const filter = this.or();
    this.skip();
    if (this.pos < this.text.length) this.fail(`unexpected '${this.text[this.pos] ?? ''}'`);
    return filter;
  }

  private or(): Filter {
    const parts = [this.and()];
    while (this.peek('|')) {
      this.pos++;
      parts.push(this.and());
    }
    return parts.length === 1 && parts[0] ? parts[0] : { kind: 'or', parts };
  }

  private and(): Filter {
    const parts = [this.unary()];
    while (this.peek('&')) {
      this.pos++;
      parts.push(this.unary());
    }
    return parts.length === 1 && parts[0] ? parts[0] : { kind: 'and', parts };
  }

  private unary(): Filter {
    if (this.peek('(')) {
      this.pos++;
      const inner = this.or();
      if (!this.peek(')')) this.fail("expected ')'");
      this.pos++;
      return inner;
    }
    const path = this.path();
    this.skip();
    const op = OPS.find((o) => this.text.startsWith(o, this.pos));
    if (!op) this.fail('expected a comparison (== != > >= < <= =~)');
    this.pos += op.length;
    const value = this.value();
    if (op === '=~') {
      if (typeof value !== 'string') this.fail('=~ needs a quoted regular expression');
      try {
        new RegExp(value);
      } catch (error) {
        this.fail(`bad regular expression: ${(error as Error).message}`);
      }
    }
    return { kind: 'cmp', path, op, value };
  }

  private quoted(): string {
    const quote = this.text[this.pos] ?? '';
    const start = this.pos;
    this.pos++;
    let out = '';
    while (this.pos < this.text.length && this.text[this.pos] !== quote) {
      if (this.text[this.pos] === '\\' && this.pos + 1 < this.text.length) this.pos++;
      out += this.text[this.pos] ?? '';
      this.pos++;
    }
    if (this.pos >= this.text.length) this.fail('unterminated string', start);
    this.pos++;
    return out;
  }

  private name(): string {
    this.skip();
    const ch = this.text[this.pos] ?? '';
    if (ch === '"' || ch === "'") return this.quoted();
    const match = /^[A-Za-z_@$][\w:@-]*/.exec(this.text.slice(this.pos));
    if (!match) this.fail('expected a field name');
    this.pos += match[0].length;
    return match[0];
  }

  private path(): string[] {
    const parts = [this.name()];
    while (this.text[this.pos] === '.') {
      this.pos++;
      parts.push(this.name());
    }
    if (parts[0] === '@' || parts[0] === '$') parts.shift();
    return parts;
  }

  private value(): string | number | boolean | null {
    this.skip();
    const ch = this.text[this.pos] ?? '';
    if (ch === '"' || ch === "'") return this.quoted();
    const match = /^-?\d+(\.\d+)?([eE][+-]?\d+)?(?![\w.])/.exec(this.text.slice(this.pos));
    if (match) {
      this.pos += match[0].length;
      return Number(match[0]);
    }
    const word = /^[A-Za-z_][\w.:-]*/.exec(this.text.slice(this.pos));
    if (!word) this.fail('expected a value');
    this.pos += word[0].length;
    if (word[0] === 'true' || word[0] === 'True') return true;
    if (word[0] === 'false' || word[0] === 'False') return false;
    if (word[0] === 'null' || word[0] === 'None') return null;
    return word[0];
  }
}

export function parseFilter(text: string): Filter {
  return new Parser(text).parse();
}

/** fedcloudclient joins repeated specs with `&`. */
export function parseSpecs(specs: string[]): Filter | undefined {
  const parts = specs.map((s) => s.trim()).filter(Boolean);
  if (!parts.length) return undefined;
  // Each spec on its own, so an error's position points into what the user typed.
  const filters = parts.map(parseFilter);
  return filters.length === 1 && filters[0] ? filters[0] : { kind: 'and', parts: filters };
}

function lookup(row: unknown, path: string[]): unknown {
  let current = row;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

const asNumber = (v: unknown): number | undefined => {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v);
  return undefined;
};

/**
 * True when the row matches. Numbers compare as numbers even when one side is a string (GPU
 * counts come as "1" from extra specs: `--gpus 1` matches "1" and "1.0", fedcloudclient PR #123).
 */
const text = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

export function matches(filter: Filter, row: unknown): boolean {
  if (filter.kind !== 'cmp') {
    return filter.kind === 'and'
      ? filter.parts.every((p) => matches(p, row))
      : filter.parts.some((p) => matches(p, row));
  }
  const actual = lookup(row, filter.path);
  if (actual === undefined) return false;
  const { op, value } = filter;
  if (op === '=~') return new RegExp(String(value)).test(text(actual));
  const x = asNumber(actual);
  const y = asNumber(value);
  let c: number;
  if (x !== undefined && y !== undefined) c = x - y;
  else if (op === '==' || op === '!=')
    c = actual === value || text(actual) === String(value) ? 0 : 1;
  else if (typeof actual === 'string' && typeof value === 'string')
    c = actual < value ? -1 : actual > value ? 1 : 0;
  else return false;
  switch (op) {
    case '==':
      return c === 0;
    case '!=':
      return c !== 0;
    case '>':
      return c > 0;
    case '>=':
      return c >= 0;
    case '<':
      return c < 0;
    default:
      return c <= 0;
  }
}

/** GPUs of a flavor from its extra specs: `Accelerator:Number`, else the pci_passthrough alias counts. */
export function gpuCount(properties: Record<string, unknown> | undefined): number {
  const props = properties ?? {};
  const number = asNumber(props['Accelerator:Number']);
  if (number !== undefined) return number;
  const alias = props['pci_passthrough:alias'];
  if (typeof alias !== 'string' || !alias) return 0;
  return alias
    .split(',')
    .reduce((sum, part) => sum + (asNumber(part.split(':')[1] ?? '1') ?? 1), 0);
}
