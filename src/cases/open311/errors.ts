// The refusal of the Open311 endpoint: answered in the GeoReport v2 shape ([{code, description}],
// JSON or XML, in English as the spec's clients expect) by the endpoint's own error handler,
// not as a DomainError: the platform's { error: { code, message: { zh, en } } } is not what an
// Open311 client reads.
export class Open311Error extends Error {
  constructor(
    readonly status: 400 | 403 | 404,
    message: string,
  ) {
    super(message);
    this.name = 'Open311Error';
  }
}
