// Locations: distance on the sphere, whether a point is inside a county's box or a region's
// GeoJSON boundary, and which loaded region a point lies in. Pure.

const EARTH_RADIUS_M = 6_371_008.8;

/** Great-circle distance in metres (haversine). */
export function distanceMetres(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

export function validCoordinates(lat: number, lng: number): boolean {
  return Number.isFinite(lat) && Number.isFinite(lng) && lat >= -90 && lat <= 90 && lng >= -180 && lng <= 180;
}

export function inBbox(bbox: readonly [number, number, number, number], lat: number, lng: number): boolean {
  return lng >= bbox[0] && lat >= bbox[1] && lng <= bbox[2] && lat <= bbox[3];
}

type Ring = Array<[number, number]>;
export type Geometry = { type: 'Polygon'; coordinates: Ring[] } | { type: 'MultiPolygon'; coordinates: Ring[][] };

/** Ray casting over a ring of [lng, lat] points. */
function inRing(ring: Ring, lng: number, lat: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > lat !== yj > lat && lng < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function inPolygon(rings: Ring[], lng: number, lat: number): boolean {
  if (rings.length === 0 || !inRing(rings[0], lng, lat)) return false;
  return !rings.slice(1).some((hole) => inRing(hole, lng, lat));
}

export function inGeometry(geometry: Geometry, lat: number, lng: number): boolean {
  return geometry.type === 'Polygon' ? inPolygon(geometry.coordinates, lng, lat) : geometry.coordinates.some((p) => inPolygon(p, lng, lat));
}

const MAX_POINTS = 200_000;

/** Checks a GeoJSON geometry a county loads (Polygon or MultiPolygon of [lng, lat]); a reason when it is not one. */
export function geometryProblem(value: unknown): string | null {
  if (!value || typeof value !== 'object') return 'not an object';
  const g = value as { type?: unknown; coordinates?: unknown };
  // A GeoJSON linear ring: at least four positions, the last the same as the first (closed).
  const ring = (r: unknown): boolean =>
    Array.isArray(r) &&
    r.length >= 4 &&
    r.every((p) => Array.isArray(p) && p.length >= 2 && validCoordinates(p[1] as number, p[0] as number)) &&
    r[0][0] === r[r.length - 1][0] &&
    r[0][1] === r[r.length - 1][1];
  const polygon = (p: unknown): boolean => Array.isArray(p) && p.length >= 1 && p.every(ring);
  let points = 0;
  const count = (v: unknown): void => {
    if (Array.isArray(v)) {
      if (typeof v[0] === 'number') points++;
      else for (const x of v) count(x);
    }
  };
  if (g.type === 'Polygon') {
    if (!polygon(g.coordinates)) return 'Polygon coordinates must be closed rings of at least 4 [lng, lat] points (the last the same as the first)';
  } else if (g.type === 'MultiPolygon') {
    if (!Array.isArray(g.coordinates) || g.coordinates.length === 0 || !g.coordinates.every(polygon))
      return 'MultiPolygon coordinates must be polygons of closed rings of [lng, lat] points';
  } else return `geometry type must be Polygon or MultiPolygon, not ${String(g.type)}`;
  count(g.coordinates);
  return points > MAX_POINTS ? `more than ${MAX_POINTS} points` : null;
}

/** [minLng, minLat, maxLng, maxLat] of a checked geometry (its outer rings). */
export function bboxOf(geometry: Geometry): [number, number, number, number] {
  const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  for (const rings of polygons) {
    for (const [lng, lat] of rings[0] ?? []) {
      if (lng < box[0]) box[0] = lng;
      if (lat < box[1]) box[1] = lat;
      if (lng > box[2]) box[2] = lng;
      if (lat > box[3]) box[3] = lat;
    }
  }
  return box;
}

/** The most specific (longest code) loaded region whose boundary contains the point. */
export function locate(boundaries: ReadonlyArray<{ regionCode: string; geometry: Geometry }>, lat: number, lng: number): string | null {
  let best: string | null = null;
  for (const b of boundaries) if ((!best || b.regionCode.length > best.length) && inGeometry(b.geometry, lat, lng)) best = b.regionCode;
  return best;
}
