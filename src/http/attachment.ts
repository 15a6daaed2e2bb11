import express from 'express';

/**
 * Sends a file download. HTTP headers are Latin-1, so the Chinese file name goes in filename*
 * (RFC 6266, UTF-8) with an ASCII name for old clients.
 */
export function sendAttachment(res: express.Response, type: string, asciiName: string, filename: string, body: Buffer): void {
  res.setHeader('Content-Type', type);
  res.setHeader('Content-Disposition', `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(filename)}`);
  res.send(body);
}
