import worldUrl from 'world-atlas/countries-110m.json?url';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { echarts } from './echarts.js';

export const WORLD_MAP = 'world';

// Antarctica (ISO 3166 numeric 010) hosts no cloud site and takes a fifth of the map's height.
const LEFT_OUT = new Set(['010']);

let loading: Promise<void> | undefined;

/**
 * Registers the Natural Earth 1:110m countries (shipped with the pages, never fetched from a CDN)
 * as an ECharts map, once. The TopoJSON is ~100 kB, so it is fetched only when a map is shown.
 */
export function loadWorldMap(): Promise<void> {
  loading ??= (async () => {
    const response = await fetch(worldUrl);
    if (!response.ok) throw new Error(`cannot load the world outline (${response.status})`);
    const topology = (await response.json()) as Topology<{ countries: GeometryCollection }>;
    const countries = feature(topology, topology.objects.countries);
    const features = countries.features.filter((country) => !LEFT_OUT.has(String(country.id)));
    // ECharts' GeoJSON type is its own copy of the spec; the shapes are the same.
    echarts.registerMap(WORLD_MAP, { ...countries, features } as unknown as Parameters<
      typeof echarts.registerMap
    >[1]);
  })().catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}
