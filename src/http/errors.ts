// Errors the API answers with: a status, a stable code, and a message in both languages.
export interface FieldProblem {
  field: string;
  message: { zh: string; en: string };
}

export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    readonly messages: { zh: string; en: string },
    readonly details?: unknown,
  ) {
    super(messages.en);
    this.name = 'HttpError';
  }
}

export const notFound = (what: string, id: string | number) =>
  new HttpError(404, 'not_found', { zh: `未找到${what}：${id}`, en: `${what} not found: ${id}` });

export const forbidden = (why = { zh: '无权访问', en: 'not allowed for your role or region' }) => new HttpError(403, 'forbidden', why);

export const conflict = (messages: { zh: string; en: string }, details?: unknown) => new HttpError(409, 'conflict', messages, details);

export const badRequest = (messages: { zh: string; en: string }, details?: unknown) => new HttpError(400, 'bad_request', messages, details);
