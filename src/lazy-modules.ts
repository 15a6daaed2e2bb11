// exceljs and pdfkit are slow to load and serve only the form downloads, so they are loaded on the
// first download rather than at start (bench/RESULTS.md, 2026-11-22 reading: "Start to ready").
/* eslint-disable @typescript-eslint/no-require-imports */

export const loadExcelJs = (): typeof import('exceljs') => require('exceljs');
export const loadPdfKit = (): typeof import('pdfkit') => require('pdfkit');
/** fontkit (pdfkit's font engine, no type declarations of its own): a parsed font pdfkit accepts as a font source. */
export const loadFontkit = (): { create(data: Uint8Array): object } => require('fontkit');
/** qrcode: loaded with the first certificate PDF, beside pdfkit. */
export const loadQrCode = (): typeof import('qrcode') => require('qrcode');
/** jose (JWS signing and verification of certificates): about 0.1 s to load, so on the first certificate verified or issued. */
export const loadJose = (): typeof import('jose') => require('jose');
