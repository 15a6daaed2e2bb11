import { Conn, Tx } from '../../db/database';
import { Row, toIso } from '../../db/rows';
import { AttachmentObjectType, kindLabel } from '../../domain/attachment-kinds';
import { FileType } from '../../domain/file-types';
import { Schema } from '../../http/api-types';

export type Attachment = Schema<'Attachment'>;

/** A stored attachment: its answer, and what only the service reads (where the bytes are, the retry key). */
export interface AttachmentRecord {
  attachment: Attachment;
  fileType: FileType;
  idempotencyKey: string | null;
}

function toRecord(row: Row): AttachmentRecord {
  const objectType = row.object_type as AttachmentObjectType;
  return {
    attachment: {
      id: row.id as string,
      objectType,
      objectId: row.object_id as string,
      kind: row.kind as string,
      kindLabel: kindLabel(objectType, row.kind as string),
      fileName: row.file_name as string,
      mediaType: row.media_type as string,
      bytes: Number(row.bytes),
      sha256: row.sha256 as string,
      departmentId: row.department_id as string,
      uploadedBy: row.uploaded_by as string,
      uploaderName: (row.uploader_name as string | null) ?? '',
      uploadedAt: toIso(row.uploaded_at),
    },
    fileType: row.file_type as FileType,
    idempotencyKey: (row.idempotency_key as string | null) ?? null,
  };
}

export class AttachmentStore {
  private select(db: Conn) {
    return db('attachments as a').leftJoin('users as u', 'u.id', 'a.uploaded_by').select('a.*', 'u.name as uploader_name');
  }

  async find(db: Conn, id: string): Promise<AttachmentRecord | null> {
    const row = await this.select(db).where('a.id', id).first();
    return row ? toRecord(row) : null;
  }

  /** An object's attachments, oldest first. */
  async listOf(db: Conn, objectType: AttachmentObjectType, objectId: string): Promise<AttachmentRecord[]> {
    const rows: Row[] = await this.select(db)
      .where({ 'a.object_type': objectType, 'a.object_id': objectId })
      .orderBy([{ column: 'a.uploaded_at' }, { column: 'a.id' }]);
    return rows.map(toRecord);
  }

  async findByIdempotencyKey(db: Conn, userId: string, key: string): Promise<AttachmentRecord | null> {
    const row = await this.select(db).where({ 'a.uploaded_by': userId, 'a.idempotency_key': key }).first();
    return row ? toRecord(row) : null;
  }

  async insert(trx: Tx, a: Attachment, fileType: FileType, idempotencyKey: string | null): Promise<void> {
    await trx('attachments').insert({
      id: a.id,
      object_type: a.objectType,
      object_id: a.objectId,
      kind: a.kind,
      file_name: a.fileName,
      file_type: fileType,
      media_type: a.mediaType,
      bytes: a.bytes,
      sha256: a.sha256,
      department_id: a.departmentId,
      uploaded_by: a.uploadedBy,
      uploaded_at: a.uploadedAt,
      idempotency_key: idempotencyKey,
    });
  }

  /** Removes the row; false when it was already gone. */
  async remove(trx: Tx, id: string): Promise<boolean> {
    return (await trx('attachments').where({ id }).delete()) > 0;
  }

  /** How many attachments name these bytes. */
  async countWithHash(db: Conn, sha256: string): Promise<number> {
    const [{ count }] = await db('attachments').where({ sha256 }).count('* as count');
    return Number(count);
  }

  /** Which of these hashes some attachment names (the sweep keeps their files). */
  async hashesInUse(db: Conn, hashes: string[]): Promise<Set<string>> {
    if (hashes.length === 0) return new Set();
    const rows: Row[] = await db('attachments').distinct('sha256').whereIn('sha256', hashes);
    return new Set(rows.map((r) => r.sha256 as string));
  }
}
