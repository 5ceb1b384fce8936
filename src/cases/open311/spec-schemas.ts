// JSON Schemas of the Open311 GeoReport v2 responses, derived from the specification's field
// tables: which fields exist, which values are allowed (status open|closed, type
// realtime|batch|blackbox, the six datatypes), and that dates are W3C date-times with a zone.
// Ids and codes may be numbers or text (the spec's own examples use both).
const id = { type: ['string', 'number'] } as const;
const text = { type: ['string', 'null'] } as const;
const w3c = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:\\d{2})$' } as const;

export const serviceListSchema = {
  type: 'array',
  items: {
    type: 'object',
    required: ['service_code', 'service_name', 'metadata', 'type'],
    additionalProperties: false,
    properties: {
      service_code: id,
      service_name: { type: 'string' },
      description: text,
      metadata: { type: 'boolean' },
      type: { enum: ['realtime', 'batch', 'blackbox'] },
      keywords: text,
      group: text,
    },
  },
} as const;

export const serviceDefinitionSchema = {
  type: 'object',
  required: ['service_code', 'attributes'],
  additionalProperties: false,
  properties: {
    service_code: id,
    attributes: {
      type: 'array',
      items: {
        type: 'object',
        required: ['variable', 'code', 'datatype', 'required', 'order', 'description'],
        additionalProperties: false,
        properties: {
          variable: { type: 'boolean' },
          code: id,
          datatype: { enum: ['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist'] },
          required: { type: 'boolean' },
          datatype_description: text,
          order: { type: 'integer', minimum: 1 },
          description: { type: 'string' },
          values: { type: 'array', items: { type: 'object', required: ['key', 'name'], additionalProperties: false, properties: { key: id, name: { type: 'string' } } } },
        },
      },
    },
  },
} as const;

/** service_request_id xor token. */
export const postResponseSchema = {
  type: 'array',
  minItems: 1,
  items: {
    type: 'object',
    additionalProperties: false,
    oneOf: [
      { required: ['service_request_id'], not: { required: ['token'] } },
      { required: ['token'], not: { required: ['service_request_id'] } },
    ],
    properties: { service_request_id: id, token: id, service_notice: text, account_id: { type: ['string', 'number', 'null'] } },
  },
} as const;

export const tokenResponseSchema = {
  type: 'array',
  items: { type: 'object', required: ['service_request_id', 'token'], additionalProperties: false, properties: { service_request_id: id, token: id } },
} as const;

export const requestsSchema = {
  type: 'array',
  items: {
    type: 'object',
    required: ['service_request_id', 'status', 'service_code', 'requested_datetime'],
    additionalProperties: false,
    properties: {
      service_request_id: id,
      status: { enum: ['open', 'closed'] },
      status_notes: text,
      service_name: text,
      service_code: id,
      description: text,
      agency_responsible: text,
      service_notice: text,
      requested_datetime: w3c,
      updated_datetime: { anyOf: [w3c, { type: 'null' }] },
      expected_datetime: { anyOf: [w3c, { type: 'null' }] },
      address: text,
      address_id: { type: ['string', 'number', 'null'] },
      zipcode: { type: ['string', 'number', 'null'] },
      lat: { type: ['number', 'null'], minimum: -90, maximum: 90 },
      long: { type: ['number', 'null'], minimum: -180, maximum: 180 },
      media_url: text,
    },
  },
} as const;

export const errorsSchema = {
  type: 'array',
  minItems: 1,
  items: { type: 'object', required: ['code', 'description'], additionalProperties: false, properties: { code: { type: ['integer', 'string'] }, description: { type: 'string' } } },
} as const;

export const discoverySchema = {
  type: 'object',
  required: ['changeset', 'contact', 'key_service', 'endpoints'],
  additionalProperties: false,
  properties: {
    changeset: { type: 'string' },
    contact: { type: 'string' },
    key_service: { type: 'string' },
    endpoints: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['specification', 'url', 'changeset', 'type', 'formats'],
        additionalProperties: false,
        properties: {
          specification: { type: 'string' },
          url: { type: 'string' },
          changeset: { type: 'string' },
          type: { enum: ['production', 'test'] },
          formats: { type: 'array', items: { enum: ['text/xml', 'application/json'] } },
        },
      },
    },
  },
} as const;
