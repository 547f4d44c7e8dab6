import { controlRequest, readRunning } from './running.js';

interface Status {
  issuer: string;
  vault?: string;
  mytoken?: string;
  sites: { name: string; url: string; faults: Record<string, unknown> }[];
}

export async function runStatus(dataDir: string, json: boolean): Promise<void> {
  const status = (await controlRequest(await readRunning(dataDir), 'GET', '/status')) as Status;
  if (json) {
    process.stdout.write(`${JSON.stringify(status)}\n`);
    return;
  }
  const lines = [`issuer  ${status.issuer}`];
  if (status.vault) lines.push(`vault   ${status.vault}`);
  if (status.mytoken) lines.push(`mytoken ${status.mytoken}`);
  for (const site of status.sites) {
    const active = Object.entries(site.faults).filter(([, v]) => v !== 0 && v !== false);
    lines.push(
      `${site.name.padEnd(18)} ${site.url}${active.length ? `  faults: ${active.map(([k, v]) => `${k}=${String(v)}`).join(' ')}` : ''}`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}
