// Registration-time helpers of `fedcloud secret`: kept free of the SDK (see command-args.ts).
import { InvalidArgumentError, Option } from '@commander-js/extra-typings';

/** fedcloudclient's `-f/--output-format` choices (decorators.py secret_output_params). */
export type SecretFormat = 'text' | 'YAML' | 'JSON';
const FORMATS: readonly SecretFormat[] = ['text', 'YAML', 'JSON'];

/** Case-insensitive, as click.Choice(case_sensitive=False), giving the choice's own spelling. */
export function parseSecretFormat(value: string): SecretFormat {
  const found = FORMATS.find((f) => f.toLowerCase() === value.toLowerCase());
  if (!found) {
    throw new InvalidArgumentError(`'${value}' is not one of 'text', 'YAML', 'JSON'.`);
  }
  return found;
}

export function outputFormatOption() {
  return new Option(
    '-f, --output-format <format>',
    'output format: text (a key/value table), YAML or JSON',
  ).argParser(parseSecretFormat);
}

/** `--num-uses`: a whole number, 0 meaning unlimited as in Vault. */
export function parseNumUses(value: string): number {
  const n = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(n)) {
    throw new InvalidArgumentError(`'${value}' is not a valid integer (0 or more).`);
  }
  return n;
}
