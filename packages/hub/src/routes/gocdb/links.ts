/** Where the hub's own pages show an entity: GOCDB_PORTAL_URL points at the dashboard. */
export function sitePage(publicUrl: string, site: string): string {
  return `${publicUrl.replace(/\/$/, '')}/dashboard/sites/${encodeURIComponent(site)}`;
}

export function endpointPage(publicUrl: string, site: string, id: number): string {
  return `${sitePage(publicUrl, site)}#endpoint-${id}`;
}

export function downtimePage(publicUrl: string, site: string, id: number): string {
  return `${sitePage(publicUrl, site)}#downtime-${id}`;
}
