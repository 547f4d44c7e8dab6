/**
 * How Python prints the values json.loads gives (str, int, float, bool, None, list, dict), for
 * the outputs fedcloudclient prints with tabulate and json. JSON.parse cannot tell 1.0 from 1:
 * a whole number is taken as an int (Python prints "1.0" for a JSON 1.0), but past 2^53 as a
 * float (JSON 1.5e300 is one; an exact big int had lost its digits in JSON.parse anyway).
 */

export function isPyInt(value: number): boolean {
  return Number.isSafeInteger(value);
}

/** str(value): strings as they are, everything else as repr. */
export function pyStr(value: unknown): string {
  return typeof value === 'string' ? value : pyRepr(value);
}

function pyRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return pyNumber(value);
  if (typeof value === 'string') return pyStringRepr(value);
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`;
  if (typeof value === 'object') {
    const items = Object.entries(value).map(([k, v]) => `${pyStringRepr(k)}: ${pyRepr(v)}`);
    return `{${items.join(', ')}}`;
  }
  // JSON has nothing else; a bigint would be a Python int.
  return typeof value === 'bigint' ? value.toString() : 'None';
}

/** An int's digits, else float repr. */
export function pyNumber(value: number): string {
  if (isPyInt(value)) return String(value);
  return pyFloatRepr(value);
}

/** The decimal digits and exponent of the shortest round-tripping form, as repr uses. */
function shortest(value: number): { digits: string; exponent: number } {
  const [mantissa, exp] = Math.abs(value).toExponential().split('e') as [string, string];
  return { digits: mantissa.replace('.', ''), exponent: Number(exp) };
}

/** float.__repr__: shortest digits; scientific below 1e-4 and from 1e16 on. */
export function pyFloatRepr(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  const sign = value < 0 || Object.is(value, -0) ? '-' : '';
  if (value === 0) return `${sign}0.0`;
  const { digits, exponent } = shortest(value);
  if (exponent < -4 || exponent >= 16) {
    const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${mantissa}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  return `${sign}${placePoint(digits, exponent, true)}`;
}

/** Digits d1d2… × 10^(exponent) written out with a point; `.0` added when asked. */
function placePoint(digits: string, exponent: number, pointZero: boolean): string {
  if (exponent < 0) return `0.${'0'.repeat(-exponent - 1)}${digits}`;
  if (digits.length <= exponent + 1) {
    const whole = digits + '0'.repeat(exponent + 1 - digits.length);
    return pointZero ? `${whole}.0` : whole;
  }
  return `${digits.slice(0, exponent + 1)}.${digits.slice(exponent + 1)}`;
}

/**
 * format(value, "g"): 6 significant digits, trailing zeros dropped, scientific when the
 * exponent is below -4 or at least 6. (A value exactly halfway between two 6-digit numbers
 * rounds up here and to even in Python.)
 */
export function pyFormatG(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  const sign = value < 0 || Object.is(value, -0) ? '-' : '';
  if (value === 0) return `${sign}0`;
  const [mantissa, exp] = Math.abs(value).toExponential(5).split('e') as [string, string];
  const exponent = Number(exp);
  const digits = mantissa.replace('.', '').replace(/0+$/, '') || '0';
  if (exponent < -4 || exponent >= 6) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${m}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  return `${sign}${placePoint(digits, exponent, false)}`;
}

/** Characters str.isprintable() refuses, besides the space (categories C*, Z* but Zs ' '). */
const NOT_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

/** repr(str): single quotes unless the text has ' and no ", escapes as CPython writes them. */
function pyStringRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (ch === '\t') out += '\\t';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (code < 0x20 || code === 0x7f) out += `\\x${hex(code, 2)}`;
    else if (code < 0x7f) out += ch;
    else if (ch !== ' ' && NOT_PRINTABLE.test(ch)) {
      out +=
        code <= 0xff
          ? `\\x${hex(code, 2)}`
          : code <= 0xffff
            ? `\\u${hex(code, 4)}`
            : `\\U${hex(code, 8)}`;
    } else out += ch;
  }
  return out + quote;
}

function hex(code: number, width: number): string {
  return code.toString(16).padStart(width, '0');
}

/** Python's str.isspace() set, which strip(), int() and float() trim. */
const PY_SPACE =
  '\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const LEADING = new RegExp(`^[${PY_SPACE}]+`);
const TRAILING = new RegExp(`[${PY_SPACE}]+$`);

export function pyStrip(text: string): string {
  return text.replace(LEADING, '').replace(TRAILING, '');
}

const DIGITS = '[0-9](?:_?[0-9])*';
const INT_TEXT = new RegExp(`^[+-]?${DIGITS}$`);
const FLOAT_TEXT = new RegExp(
  `^[+-]?(?:(?:${DIGITS}(?:\\.(?:${DIGITS})?)?|\\.${DIGITS})(?:[eE][+-]?${DIGITS})?|inf|infinity|nan)$`,
  'i',
);

/** int(text) would succeed (ASCII digits; Python also takes other Unicode digits). */
export function pyIntConvertible(text: string): boolean {
  return INT_TEXT.test(pyStrip(text));
}

/** float(text), or undefined where Python raises ValueError. */
export function pyFloat(text: string): number | undefined {
  const core = pyStrip(text);
  if (!FLOAT_TEXT.test(core)) return undefined;
  const plain = core.replace(/_/g, '').toLowerCase();
  const sign = plain.startsWith('-') ? -1 : 1;
  const unsigned = plain.replace(/^[+-]/, '');
  if (unsigned === 'inf' || unsigned === 'infinity') return sign * Infinity;
  if (unsigned === 'nan') return Number.NaN;
  return Number(plain);
}

/** str.splitlines(): every line boundary Python knows; no empty last line for a final break. */
/* eslint-disable no-control-regex -- Python's line boundaries include \v, \f and \x1c-\x1e */
export function pySplitlines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(/\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]/);
  if (/(?:\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029])$/.test(text)) lines.pop();
  return lines;
}
/* eslint-enable no-control-regex */
