// The POST body of an Open311 request: application/x-www-form-urlencoded, with attributes
// as attribute[CODE]=v and multi-value ones as attribute[CODE][]=v1&attribute[CODE][]=v2.
// Bounded: at most MAX_FIELDS pairs. A form it refuses is a 400 in the spec's words.
import { Open311Error } from './errors.js';

export const MAX_FIELDS = 200;

export interface Open311Form {
  fields: Record<string, string>;
  attributes: Record<string, string | string[]>;
}

export function parseForm(body: string): Open311Form {
  const params = new URLSearchParams(body);
  const fields: Record<string, string> = {};
  const attributes: Record<string, string | string[]> = {};
  let n = 0;
  for (const [key, value] of params) {
    if (++n > MAX_FIELDS) throw new Open311Error(400, `more than ${MAX_FIELDS} form fields`);
    const m = /^attribute\[([^\]]{1,64})\](\[\])?$/.exec(key);
    if (m) {
      if (m[2]) {
        const list = attributes[m[1]];
        attributes[m[1]] = Array.isArray(list) ? [...list, value] : [value];
      } else attributes[m[1]] = value;
    } else if (key in fields) {
      throw new Open311Error(400, `${key} is given more than once`);
    } else fields[key] = value;
  }
  return { fields, attributes };
}
