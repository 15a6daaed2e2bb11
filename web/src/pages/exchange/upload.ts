// A delivery's upload with progress: XMLHttpRequest (fetch cannot report upload progress), with the
// session's CSRF token and an Idempotency-Key, as the contract declares for uploadDelivery.
import type { components } from '@contract';
import { csrfHeader, idempotencyKey } from '../../api/client';
import { ApiProblem, type Problem } from '../../api/problem';

export type Delivery = components['schemas']['Delivery'];

export interface UploadOptions {
  resourceId: string;
  file: File;
  kind: 'full' | 'increment';
  onRejected: 'refuse' | 'skip';
  encoding: 'auto' | 'utf-8' | 'gb18030';
  onProgress: (percent: number) => void;
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The Content-Type the service reads the file as, from its name (CSV unless it says otherwise). */
export function contentTypeOf(file: File): string {
  const name = file.name.toLowerCase();
  if (name.endsWith('.xlsx')) return XLSX;
  if (name.endsWith('.jsonl') || name.endsWith('.ndjson')) return 'application/x-ndjson';
  return 'text/csv';
}

export function uploadDelivery(options: UploadOptions): Promise<Delivery> {
  const { resourceId, file, kind, onRejected, encoding, onProgress } = options;
  const query = new URLSearchParams({ kind, onRejected, encoding, fileName: file.name.slice(0, 200) });
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/v1/resources/${encodeURIComponent(resourceId)}/deliveries?${query.toString()}`);
    xhr.setRequestHeader('Content-Type', contentTypeOf(file));
    xhr.setRequestHeader('Idempotency-Key', idempotencyKey());
    for (const [name, value] of Object.entries(csrfHeader())) xhr.setRequestHeader(name, value);
    xhr.responseType = 'text';
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(Math.round((event.loaded / event.total) * 100));
    };
    xhr.onload = () => {
      let body: unknown;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : {};
      } catch {
        body = { detail: `上传失败（HTTP ${xhr.status}）` };
      }
      if (xhr.status === 201 || xhr.status === 200) {
        onProgress(100);
        resolve(body as Delivery);
      } else reject(new ApiProblem(xhr.status, body as Problem));
    };
    xhr.onerror = () => reject(new TypeError('network'));
    xhr.send(file);
  });
}
