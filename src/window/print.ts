// The window's printed documents, with the project's PDF printing (A4, the shipped CJK font,
// src/bundle/print.ts): the intake notices (受理通知书, 补正材料通知书 — the one supplement
// notice, 不予受理通知书), each with its legal basis, and the result certificates, each with
// its verification code and a QR code of the public verification page.
import { heading, newDoc, section, toBuffer } from '../bundle/print.js';

export interface NoticeHeader {
  kind: 'acceptance' | 'supplement' | 'rejection';
  issuedAt: string;
  issuedBy: string;
  body: Record<string, unknown>;
}

/** The fields the notices of intake.ts save (each kind uses some). */
interface NoticeBody {
  receiptNo?: string | null;
  serviceName?: string;
  holderName?: string;
  promisedDate?: string;
  promisedWorkdays?: number;
  /** The promised date was counted on a holiday year without its official arrangement. */
  promisedDateProvisional?: boolean;
  deferred?: Array<{ name: string; dueDate: string }>;
  items?: Array<{ name: string; reason: string }>;
  changedSinceLastNotice?: string[];
  reason?: string;
  legalBasis?: string;
  remedy?: string;
  /** A supplement asked during handling (after acceptance), by a department at a step. */
  phase?: 'intake' | 'handling';
  department?: string;
  stepName?: string;
}

const TITLES = { acceptance: '受理通知书', supplement: '补正材料通知书（一次性告知）', rejection: '不予受理通知书' } as const;

/** A notice of the window as PDF. */
export async function renderNoticePdf(n: NoticeHeader): Promise<Buffer> {
  const b = n.body as NoticeBody;
  const doc = await newDoc(TITLES[n.kind], new Date(n.issuedAt));
  heading(doc, TITLES[n.kind]);
  doc
    .fontSize(9)
    .fillColor('#555')
    .text(`受理编号：${b.receiptNo ?? '—'}`, { align: 'center' })
    .fillColor('#000')
    .moveDown(0.8)
    .fontSize(10.5);
  doc.text(`${b.holderName}：`);
  if (n.kind === 'acceptance') {
    doc.text(`你（单位）申请的「${b.serviceName}」，申请材料齐全、符合法定形式，本机关决定予以受理。`, { indent: 21, paragraphGap: 4 });
    doc.text(
      `承诺办结日期：${b.promisedDate}${b.promisedDateProvisional ? '（暂定：该年国务院节假日安排尚未发布，发布后按正式安排重算并另行告知）' : ''}（承诺时限 ${b.promisedWorkdays} 个工作日，按工作日计算，不含法定节假日）。`,
      { indent: 21, paragraphGap: 4 },
    );
    const deferred = b.deferred ?? [];
    if (deferred.length) {
      section(doc, '容缺受理：须补交的材料');
      deferred.forEach((d, i) => doc.text(`${i + 1}. ${d.name}，请于 ${d.dueDate} 前补交；补交前审批照常进行，证照在补齐后发放。`));
    }
  } else if (n.kind === 'supplement' && b.phase === 'handling') {
    doc.text(`你（单位）申请的「${b.serviceName}」已于受理后进入审查，${b.department ?? ''}在「${b.stepName ?? ''}」环节审查中发现需要补正以下材料，现一次性告知：`, {
      indent: 21,
      paragraphGap: 4,
    });
    (b.items ?? []).forEach((it, i) => doc.text(`${i + 1}. ${it.name}：${it.reason}`, { indent: 12, paragraphGap: 2 }));
    doc.moveDown(0.5).text('补正期间，承诺办结时限暂停计算（按工作日）；补正材料提交后继续计算，承诺办结日期相应顺延。');
  } else if (n.kind === 'supplement') {
    doc.text(`你（单位）申请的「${b.serviceName}」，申请材料不齐全或者不符合法定形式，现一次性告知需要补正的全部内容如下：`, { indent: 21, paragraphGap: 4 });
    const items = b.items ?? [];
    items.forEach((it, i) => doc.text(`${i + 1}. ${it.name}：${it.reason}`, { indent: 12, paragraphGap: 2 }));
    const changed = b.changedSinceLastNotice ?? [];
    if (changed.length) doc.moveDown(0.5).text(`本次告知针对补正后更改的内容：${changed.join('、')}。`);
    doc.moveDown(0.5).text('补正期间，办理时限暂停计算；补正材料提交后继续计算。');
  } else {
    doc.text(`你（单位）申请的「${b.serviceName}」，经审查，本机关决定不予受理。`, { indent: 21, paragraphGap: 4 });
    doc.text(`理由：${b.reason}`, { indent: 21, paragraphGap: 4 });
    doc.text(`依据：${b.legalBasis}`, { indent: 21, paragraphGap: 4 });
    doc.text(String(b.remedy ?? ''), { indent: 21, paragraphGap: 4 });
  }
  section(doc, '法律依据');
  doc.text(String(b.legalBasis ?? ''));
  doc.moveDown(2).text(`经办人：${n.issuedBy}`, { align: 'right' });
  doc.text(`日期：${n.issuedAt.slice(0, 10)}`, { align: 'right' });
  return toBuffer(doc);
}

export interface CertificateContent {
  typeName: string;
  number: string;
  holderName: string;
  holderId: string;
  issuer: string;
  issuedOn: string;
  serviceName: string;
  receiptNo: string;
  verificationCode: string;
  verifyUrl: string;
  /** When it was issued, by the platform clock (the PDF's creation date). */
  issuedAt: Date;
}

/** A result certificate as PDF: what it certifies, its verification code and a QR code of the verification page. */
export async function renderCertificatePdf(c: CertificateContent): Promise<Buffer> {
  const { default: QRCode } = await import('qrcode'); // only certificates need it: not loaded at start
  const qr = await QRCode.toBuffer(c.verifyUrl, { type: 'png', errorCorrectionLevel: 'M', margin: 1, width: 160 });
  const doc = await newDoc(c.typeName, c.issuedAt);
  heading(doc, c.typeName, 22);
  doc.fontSize(9).fillColor('#555').text(`编号：${c.number}`, { align: 'center' }).fillColor('#000').moveDown(1.2).fontSize(11);
  const rows: Array<[string, string]> = [
    ['持证主体', c.holderName],
    ['统一社会信用代码／身份证号码', c.holderId],
    ['办理事项', c.serviceName],
    ['受理编号', c.receiptNo],
    ['发证机关', c.issuer],
    ['发证日期', c.issuedOn],
  ];
  for (const [k, v] of rows) doc.text(`${k}：${v}`, { paragraphGap: 6 });
  doc.moveDown(1);
  const y = doc.y;
  doc.image(qr, doc.page.margins.left, y, { width: 110 });
  doc.fontSize(9).text(`验证码：${c.verificationCode}`, doc.page.margins.left + 125, y + 10);
  doc.text(`扫描二维码或访问 ${c.verifyUrl} 核验本证照的真实性。`, doc.page.margins.left + 125, y + 28, { width: 300 });
  return toBuffer(doc);
}
