import { hubError } from '@fedcloud/sdk/hub';

/** `CODE: message` from the hub's error body, as operators see it in the agent's log. */
export function hubMessage(text: string): string {
  const { code, message } = hubError(text);
  return code === undefined ? message : `${code}: ${message}`;
}
