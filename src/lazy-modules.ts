// exceljs and pdfkit take most of a second to load and serve only the form downloads, so they are
// loaded on the first download rather than at start (start to ready is a target; see bench/).
/* eslint-disable @typescript-eslint/no-require-imports */

export const loadExcelJs = (): typeof import('exceljs') => require('exceljs');
export const loadPdfKit = (): typeof import('pdfkit') => require('pdfkit');
/** fontkit (pdfkit's font engine, no type declarations of its own): a parsed font pdfkit accepts as a font source. */
export const loadFontkit = (): { create(data: Uint8Array): object } => require('fontkit');
