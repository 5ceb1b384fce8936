// Open311 GeoReport v2 wire format: the spec's JSON (top-level arrays, the "Spark convention")
// and its XML (no namespace, UTF-8). Pure.
import { isFinished, type Category, type CaseStatus } from '../model.js';
import { escapeXml } from '../../shared/xml.js';

export type Format = 'json' | 'xml';
export const CONTENT_TYPES: Record<Format, string> = { json: 'application/json; charset=utf-8', xml: 'text/xml; charset=utf-8' };

export interface Open311Service {
  service_code: string;
  service_name: string;
  description: string;
  metadata: boolean;
  type: 'realtime' | 'batch' | 'blackbox';
  keywords: string;
  group: string;
}

export function toService(c: Category): Open311Service {
  return { service_code: c.code, service_name: c.name.zh, description: c.description, metadata: c.attributes.length > 0, type: 'realtime', keywords: c.keywords, group: c.group };
}

export function toDefinition(c: Category) {
  return {
    service_code: c.code,
    attributes: [...c.attributes]
      .sort((a, b) => a.order - b.order)
      .map((a) => ({
        variable: true,
        code: a.code,
        datatype: a.datatype,
        required: a.required,
        datatype_description: a.datatypeDescription ?? null,
        order: a.order,
        description: a.description,
        ...(a.values ? { values: a.values.map((v) => ({ key: v.key, name: v.name })) } : {}),
      })),
  };
}

export interface Open311Request {
  service_request_id: string;
  status: 'open' | 'closed';
  status_notes: string | null;
  service_name: string;
  service_code: string;
  description: string | null;
  agency_responsible: string | null;
  service_notice: string | null;
  requested_datetime: string;
  updated_datetime: string;
  expected_datetime: string | null;
  address: string | null;
  address_id: null;
  zipcode: null;
  lat: number | null;
  long: number | null;
  media_url: string | null;
}

/** Only open and closed exist in Open311: a case is closed once it is closed or evaluated. */
export function open311Status(status: CaseStatus): 'open' | 'closed' {
  return isFinished(status) ? 'closed' : 'open';
}

export function toRequest(
  c: {
    id: number;
    status: CaseStatus;
    statusNotes: string;
    categoryCode: string;
    description: string;
    unitName: string | null;
    reportedAt: string;
    updatedAt: string;
    handleDue: string | null;
    address: string;
    lat: number | null;
    lng: number | null;
    mediaUrl: string | null;
  },
  serviceName: string,
): Open311Request {
  return {
    service_request_id: String(c.id),
    status: open311Status(c.status),
    status_notes: c.statusNotes || null,
    service_name: serviceName,
    service_code: c.categoryCode,
    description: c.description || null,
    agency_responsible: c.unitName,
    service_notice: null,
    requested_datetime: c.reportedAt,
    updated_datetime: c.updatedAt,
    expected_datetime: c.handleDue,
    address: c.address || null,
    address_id: null,
    zipcode: null,
    lat: c.lat,
    long: c.lng,
    media_url: c.mediaUrl,
  };
}

/** Arrays become repeated child elements named by `itemNames` (attributes → attribute). */
const ITEM_NAMES: Record<string, string> = { attributes: 'attribute', values: 'value', endpoints: 'endpoint', formats: 'format' };

function element(name: string, value: unknown, indent: string): string {
  if (value === null || value === undefined) return `${indent}<${name}/>`;
  if (Array.isArray(value)) {
    const item = ITEM_NAMES[name] ?? 'item';
    return `${indent}<${name}>\n${value.map((v) => element(item, v, indent + '  ')).join('\n')}\n${indent}</${name}>`;
  }
  if (typeof value === 'object') {
    const inner = Object.entries(value as Record<string, unknown>).map(([k, v]) => element(k, v, indent + '  '));
    return `${indent}<${name}>\n${inner.join('\n')}\n${indent}</${name}>`;
  }
  return `${indent}<${name}>${escapeXml(String(value))}</${name}>`;
}

/** A list in the spec's XML: `<root><item>…</item>…</root>`. */
export function xmlList(root: string, item: string, items: readonly unknown[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${root}>\n${items.map((i) => element(item, i, '  ')).join('\n')}\n</${root}>\n`;
}

/** One object in the spec's XML: `<root>…</root>`. */
export function xmlObject(root: string, value: Record<string, unknown>): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${element(root, value, '')}\n`;
}

/** One entry of the spec's error list. */
export interface Open311Problem {
  code: number;
  description: string;
}

export function errorBody(format: Format, errors: Open311Problem[]): string {
  return format === 'json' ? JSON.stringify(errors) : xmlList('errors', 'error', errors);
}
