/** Centre and zoom that frame every site, so a European federation is not a dot cluster on a globe. */
export function frameSites(points: readonly [number, number][]): {
  center: [number, number];
  zoom: number;
} {
  if (points.length === 0) return { center: [10, 30], zoom: 1 };
  const lons = points.map(([lon]) => lon);
  const lats = points.map(([, lat]) => lat);
  const [minLon, maxLon] = [Math.min(...lons), Math.max(...lons)];
  const [minLat, maxLat] = [Math.min(...lats), Math.max(...lats)];
  // Pad the box and never zoom closer than a region of ~30° x 15°.
  const lonSpan = Math.max(maxLon - minLon + 16, 30);
  const latSpan = Math.max(maxLat - minLat + 10, 15);
  const zoom = Math.min(Math.max(Math.min(330 / lonSpan, 150 / latSpan), 1), 8);
  return { center: [(minLon + maxLon) / 2, (minLat + maxLat) / 2], zoom };
}
