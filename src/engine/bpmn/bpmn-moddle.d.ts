// bpmn-moddle ships no declaration for its main entry; the slice the engine uses.
declare module 'bpmn-moddle' {
  export class BpmnModdle {
    constructor(packages?: Record<string, unknown>);
    fromXML(xml: string, typeName?: string): Promise<{ rootElement: unknown; warnings: unknown[]; references: unknown[]; elementsById: Record<string, unknown> }>;
    toXML(element: unknown, options?: { format?: boolean; preamble?: boolean }): Promise<{ xml: string }>;
    create(type: string, attrs?: Record<string, unknown>): Record<string, unknown> & { $type: string; get(name: string): unknown; set(name: string, value: unknown): void };
  }
}
