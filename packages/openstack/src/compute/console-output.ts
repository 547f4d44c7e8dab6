import type { CallOptions } from '../call-options.js';
import type { Client } from '../client.js';
import { parseResponse } from '../parse.js';
import { segment } from '../url.js';
import { consoleOutputSchema } from './schemas.js';

export interface ConsoleOutputOptions extends CallOptions {
  /** The last this many lines; the whole log when omitted. */
  length?: number;
}

/**
 * The server's serial console log (cloud-init's progress, kernel messages), 200.
 * https://docs.openstack.org/api-ref/compute/#show-console-output-os-getconsoleoutput-action
 */
export async function getConsoleOutput(
  client: Client,
  id: string,
  options: ConsoleOutputOptions = {},
): Promise<string> {
  const { length, ...call } = options;
  const response = await client.request('compute', `/servers/${segment(id)}/action`, {
    method: 'POST',
    // Nova reads a null length as "everything", as novaclient sends it.
    body: { 'os-getConsoleOutput': { length: length ?? null } },
    expected: [200],
    ...call,
  });
  return parseResponse(consoleOutputSchema, response.data, 'compute', 'console output').output;
}
