// The one escape for text Zaizao writes into XML and HTML (BPMN, XES, Open311, xlsx parts,
// print views, reports): characters XML 1.0 cannot carry at all are dropped — a spreadsheet
// or a browser would refuse the whole document over one of them — and the five specials
// are escaped, so the result is safe in element text and in either kind of quoted attribute.

const NOT_IN_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const SPECIAL = /[&<>"']/g;
const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

export function escapeXml(text: string): string {
  return text.replace(NOT_IN_XML, '').replace(SPECIAL, (c) => ENTITY[c]);
}
