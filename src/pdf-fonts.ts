import fs from 'node:fs';
import path from 'node:path';
import { loadFontkit } from './lazy-modules';

// The Chinese fonts of every printable PDF (ADR 0011): Noto Sans Hans from @embedpdf/fonts-sc (SIL
// OFL 1.1), found through node_modules, so from the source tree and from the compiled build alike.
// Used by the registration form and the certificates.

export const PDF_REGULAR = 'NotoSansHans-Regular';
export const PDF_BOLD = 'NotoSansHans-Bold';

/**
 * Where a font file of @embedpdf/fonts-sc is. Version 1.0.0's `exports` map does not export
 * package.json (require.resolve of it throws ERR_PACKAGE_PATH_NOT_EXPORTED), so the package root is
 * then found from its main entry, dist/index.cjs.
 */
function fontPath(file: string): string {
  let root: string;
  try {
    root = path.dirname(require.resolve('@embedpdf/fonts-sc/package.json'));
  } catch {
    root = path.join(path.dirname(require.resolve('@embedpdf/fonts-sc')), '..');
  }
  return path.join(root, 'fonts', file);
}

// Read and parsed once, on the first PDF: parsing the fonts for every PDF cost more than drawing it
// (bench/RESULTS.md, "Notes moved from code comments (2026-12-05)"). pdfkit takes a parsed fontkit
// font as well as a file; each PDF still embeds its own subset of the glyphs it uses.
const parsedFonts = new Map<string, object>();

/** A font of @embedpdf/fonts-sc (`NotoSansHans-Regular.otf`, `NotoSansHans-Bold.otf`), parsed once per process. */
export function fontData(file: string): PDFKit.Mixins.PDFFontSource {
  let font = parsedFonts.get(file);
  if (!font) parsedFonts.set(file, (font = loadFontkit().create(fs.readFileSync(fontPath(file)))));
  return font as unknown as PDFKit.Mixins.PDFFontSource;
}

/** Registers the regular and bold Noto Sans Hans under PDF_REGULAR and PDF_BOLD. */
export function registerChineseFonts(doc: PDFKit.PDFDocument): void {
  doc.registerFont(PDF_REGULAR, fontData(`${PDF_REGULAR}.otf`));
  doc.registerFont(PDF_BOLD, fontData(`${PDF_BOLD}.otf`));
}
