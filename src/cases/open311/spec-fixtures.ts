// The example responses published in the Open311 GeoReport v2 specification
// (wiki.open311.org/GeoReport_v2 and /Service_Discovery; CC BY 3.0), kept as the tests'
// fixtures: the schemas in spec-schemas.ts must accept every one of them. The spec writes
// service codes as bare 001, 002, 006 — not valid JSON (a leading zero) — so they are quoted
// here; everything else is as published.
export const SPEC_SERVICES = [
  {
    service_code: '001',
    service_name: 'Cans left out 24x7',
    description: 'Garbage or recycling cans that have been left out for more than 24 hours after collection. Violators will be cited.',
    metadata: true,
    type: 'realtime',
    keywords: 'lorem, ipsum, dolor',
    group: 'sanitation',
  },
  {
    service_code: '002',
    metadata: true,
    type: 'realtime',
    keywords: 'lorem, ipsum, dolor',
    group: 'street',
    service_name: 'Construction plate shifted',
    description: 'Metal construction plate covering the street or sidewalk has been moved.',
  },
  {
    service_code: '003',
    metadata: true,
    type: 'realtime',
    keywords: 'lorem, ipsum, dolor',
    group: 'street',
    service_name: 'Curb or curb ramp defect',
    description: 'Sidewalk curb or ramp has problems such as cracking, missing pieces, holes, and/or chipped curb.',
  },
];

export const SPEC_SERVICE_DEFINITION = {
  service_code: 'DMV66',
  attributes: [
    {
      variable: true,
      code: 'WHISHETN',
      datatype: 'singlevaluelist',
      required: true,
      datatype_description: null,
      order: 1,
      description: 'What is the ticket/tag/DL number?',
      values: [
        { key: 123, name: 'Ford' },
        { key: 124, name: 'Chrysler' },
      ],
    },
  ],
};

export const SPEC_POST_RESPONSE = [
  {
    service_request_id: 293944,
    service_notice:
      'The City will inspect and require the responsible party to correct within 24 hours and/or issue a Correction Notice or Notice of Violation of the Public Works Code',
    account_id: null,
  },
];

export const SPEC_TOKEN_RESPONSE = [{ service_request_id: 638344, token: 12345 }];

export const SPEC_REQUESTS = [
  {
    service_request_id: 638344,
    status: 'closed',
    status_notes: 'Duplicate request.',
    service_name: 'Sidewalk and Curb Issues',
    service_code: '006',
    description: null,
    agency_responsible: null,
    service_notice: null,
    requested_datetime: '2010-04-14T06:37:38-08:00',
    updated_datetime: '2010-04-14T06:37:38-08:00',
    expected_datetime: '2010-04-15T06:37:38-08:00',
    address: '8TH AVE and JUDAH ST',
    address_id: 545483,
    zipcode: 94122,
    lat: 37.762221815,
    long: -122.4651145,
    media_url: 'http://city.gov.s3.amazonaws.com/requests/media/638344.jpg ',
  },
  {
    service_request_id: 638349,
    status: 'open',
    status_notes: null,
    service_name: 'Sidewalk and Curb Issues',
    service_code: '006',
    description: null,
    agency_responsible: null,
    service_notice: null,
    requested_datetime: '2010-04-19T06:37:38-08:00',
    updated_datetime: '2010-04-19T06:37:38-08:00',
    expected_datetime: '2010-04-19T06:37:38-08:00',
    address: '8TH AVE and JUDAH ST',
    address_id: 545483,
    zipcode: 94122,
    lat: 37.762221815,
    long: -122.4651145,
    media_url: 'http://city.gov.s3.amazonaws.com/requests/media/638349.jpg ',
  },
];

export const SPEC_ERRORS = [{ code: 403, description: 'Invalid api_key' }];

export const SPEC_DISCOVERY = {
  changeset: '2011-02-03 14:18',
  contact: 'You can email or call for assistance api@sfgov.org +1 (555) 555-5555',
  key_service: 'You can request a key here: http://api.sfgov.org/request_key',
  endpoints: [
    { specification: 'http://wiki.open311.org/GeoReport_v2', url: 'http://open311.sfgov.org/v2', changeset: '2011-02-03 14:18', type: 'production', formats: ['text/xml'] },
    {
      specification: 'http://wiki.open311.org/GeoReport_v2',
      url: 'http://open311.sfgov.org/dev/v2',
      changeset: '2011-02-03 14:18',
      type: 'test',
      formats: ['text/xml', 'application/json'],
    },
  ],
};
