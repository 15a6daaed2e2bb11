import { LRUCache } from 'lru-cache';
import { loadPdfKit, loadQrCode } from '../../lazy-modules';
import { PDF_BOLD, PDF_REGULAR, registerChineseFonts } from '../../pdf-fonts';

// The printable form of a certificate (电子证照打印件): A4, the certificate's fields in a bordered
// table in Noto Sans Hans (ADR 0011), and a QR code of its verification link, which anyone may
// open to learn whether the certificate is genuine and in force (docs/certificates.md). The paper
// is a copy: what proves the certificate is the signed JWS, which the link checks.

export interface CertificatePdfView {
  id: string;
  certificateType: string;
  number: string;
  holderName: string;
  holderIdLabel: string;
  holderId: string;
  items: Array<{ name: string; value: string }>;
  issuingDepartmentName: string;
  issuingAuthority: string | null;
  validFrom: string;
  validUntil: string | null;
  /** YYYY-MM-DD, Beijing date. */
  issuedOn: string;
  /** 有效, 已撤销, 已过期, 尚未生效. */
  statusLabel: string;
  revoked: boolean;
  kid: string;
  verificationUrl: string;
  /** Set when a grant holder prints it: which items it carries, and under which grant. */
  releasedUnder: { grantId: string; consumerDepartmentName: string; note: string } | null;
}

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 56;
const LABEL_WIDTH = 130;
const ROW_PAD = 6;
const BODY = 11;
const QR_SIZE = 120;

function chineseDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

// Drawing one costs about 0.2 s of CPU (laying out and subsetting the Chinese fonts): the PDFs of the
// last few views are kept, keyed by everything they show, so printing the same certificate again
// (or a page reloaded) costs nothing. A view that changed — status, items released, the link's
// origin — is another key.
const recent = new LRUCache<string, Buffer>({ maxSize: 8 * 1024 * 1024, sizeCalculation: (pdf) => pdf.length });

/** The certificate as a one-or-more-page PDF with its verification QR code. */
export async function certificatePdf(view: CertificatePdfView): Promise<Buffer> {
  const key = JSON.stringify(view);
  const kept = recent.get(key);
  if (kept) return kept;
  const pdf = await drawPdf(view);
  recent.set(key, pdf);
  return pdf;
}

async function drawPdf(view: CertificatePdfView): Promise<Buffer> {
  const qr = await loadQrCode().toBuffer(view.verificationUrl, { type: 'png', errorCorrectionLevel: 'M', margin: 1, scale: 6 });
  return new Promise((resolve, reject) => {
    try {
      const PDFDocument = loadPdfKit();
      const issued = new Date(`${view.issuedOn}T00:00:00Z`);
      const doc = new PDFDocument({
        size: A4,
        margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
        lang: 'zh-CN',
        displayTitle: true,
        info: {
          Title: `${view.certificateType} ${view.number}`,
          Subject: '电子证照打印件 (printed electronic certificate)',
          Author: view.issuingDepartmentName,
          Creator: 'gov-data-catalog',
          CreationDate: issued,
          ModDate: issued,
        },
      });
      const chunks: Buffer[] = [];
      doc.on('data', (chunk: Buffer) => chunks.push(chunk));
      doc.on('end', () => resolve(Buffer.concat(chunks)));
      doc.on('error', reject);
      registerChineseFonts(doc);
      draw(doc, view, qr);
      doc.end();
    } catch (err) {
      reject(err);
    }
  });
}

function draw(doc: PDFKit.PDFDocument, view: CertificatePdfView, qr: Buffer): void {
  const width = A4[0] - 2 * MARGIN;
  const valueWidth = width - LABEL_WIDTH;
  doc.font(PDF_BOLD).fontSize(20).text(view.certificateType, MARGIN, MARGIN, { width, align: 'center' });
  doc.moveDown(0.3);
  doc
    .font(PDF_REGULAR)
    .fontSize(10)
    .fillColor('#555555')
    .text('电子证照打印件 (printed electronic certificate)', { width, align: 'center' });
  doc.fillColor('black');
  let y = doc.y + 16;

  const rows: Array<[string, string]> = [
    ['证照编号', view.number],
    ['持证人', view.holderName],
    [view.holderIdLabel, view.holderId],
    ...view.items.map((i): [string, string] => [i.name, i.value]),
    ['签发部门', view.issuingDepartmentName],
    ...(view.issuingAuthority ? [['发证机关', view.issuingAuthority] as [string, string]] : []),
    ['有效期', `${chineseDate(view.validFrom)} 至 ${view.validUntil ? chineseDate(view.validUntil) : '长期'}`],
    ['签发日期', chineseDate(view.issuedOn)],
    ['状态', view.statusLabel],
  ];
  for (const [label, value] of rows) {
    doc.font(PDF_REGULAR).fontSize(BODY);
    const valueHeight = doc.heightOfString(value || ' ', { width: valueWidth - 2 * ROW_PAD });
    doc.font(PDF_BOLD);
    const labelHeight = doc.heightOfString(label, { width: LABEL_WIDTH - 2 * ROW_PAD });
    const height = Math.max(valueHeight, labelHeight) + 2 * ROW_PAD;
    if (y + height > A4[1] - MARGIN - QR_SIZE - 40) {
      doc.addPage();
      y = MARGIN;
    }
    doc
      .rect(MARGIN, y, LABEL_WIDTH, height)
      .rect(MARGIN + LABEL_WIDTH, y, valueWidth, height)
      .stroke();
    doc.font(PDF_BOLD).text(label, MARGIN + ROW_PAD, y + ROW_PAD, { width: LABEL_WIDTH - 2 * ROW_PAD });
    doc.font(PDF_REGULAR).text(value || '—', MARGIN + LABEL_WIDTH + ROW_PAD, y + ROW_PAD, { width: valueWidth - 2 * ROW_PAD });
    y += height;
  }

  // The QR code of the verification link, with the link and the signing key's id beside it.
  const qrTop = y + 20;
  doc.image(qr, MARGIN, qrTop, { width: QR_SIZE, height: QR_SIZE });
  const textLeft = MARGIN + QR_SIZE + 16;
  const textWidth = width - QR_SIZE - 16;
  doc.font(PDF_BOLD).fontSize(BODY).text('扫码核验 (scan to verify)', textLeft, qrTop, { width: textWidth });
  doc
    .font(PDF_REGULAR)
    .fontSize(8.5)
    .text(
      '扫描二维码或打开下方链接，核验本证照是否由平台签发、是否在有效期内、是否已撤销。完整的电子证照是平台签名的 JWS，可用平台公布的公钥（/.well-known/jwks.json）离线验证。',
      { width: textWidth },
    )
    .moveDown(0.4)
    .text(view.verificationUrl, { width: textWidth, link: view.verificationUrl, underline: false })
    .moveDown(0.4)
    .text(`证照标识 (id) ${view.id}`, { width: textWidth })
    .text(`签名密钥 (kid) ${view.kid}`, { width: textWidth });
  if (view.releasedUnder) {
    doc
      .moveDown(0.6)
      .fontSize(8.5)
      .fillColor('#555555')
      .text(`${view.releasedUnder.consumerDepartmentName}依授权 ${view.releasedUnder.grantId} 获取。${view.releasedUnder.note}`, {
        width: textWidth,
      })
      .fillColor('black');
  }
  if (view.revoked) {
    // A revoked certificate says so across the page, so a printout cannot pass for a valid one.
    // Over the table, clear of the QR code, which still opens the link that says so.
    const middle = MARGIN + 230;
    doc.save();
    doc.rotate(-30, { origin: [A4[0] / 2, middle] });
    doc
      .font(PDF_BOLD)
      .fontSize(56)
      .fillColor('#cc0000', 0.35)
      .text('已撤销 REVOKED', 0, middle - 36, { width: A4[0], align: 'center', lineBreak: false });
    doc.restore();
  }
}
