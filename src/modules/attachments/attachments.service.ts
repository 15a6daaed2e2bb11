import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Clock } from '../../clock';
import { Conn, Database, transaction } from '../../db/database';
import { Actor } from '../../domain/actor';
import { ATTACHMENT_KINDS, AttachmentObjectType } from '../../domain/attachment-kinds';
import {
  ACCEPTED_MEDIA_TYPES,
  FILE_TYPES,
  mediaTypeOf,
  scanFileName,
  sniffFileType,
  typeProblem,
  UNDECLARED_MEDIA_TYPE,
} from '../../domain/file-types';
import {
  AppError,
  BadRequestError,
  ForbiddenError,
  NotFoundError,
  PayloadTooLargeError,
  RuleViolationError,
  UnsupportedMediaTypeError,
} from '../../errors';
import type { AuditService } from '../audit/audit.service';
import { Attachment, AttachmentRecord, AttachmentStore } from './attachments.store';

// Attachments (附件, docs/attachments.md, ADR 0040): files attached to a project's acceptance
// materials, a registration's project materials and a connection's evidence. Who may read or
// change them is the owning area's answer, asked through its service (the object's own rights:
// whoever sees the object sees its attachments). The bytes are streamed to a temporary file while
// hashed, checked for their type by their content, then kept under the data folder by their
// SHA-256 (identical content once); each attachment is its own row, added and removed with its
// audit event.

/** What an owning area answers: may the actor read, or change, the object's materials (404, 403 or 409 otherwise). */
export type MaterialsAccess = (db: Conn, actor: Actor, objectId: string, intent: 'read' | 'change') => Promise<{ departmentId: string }>;

export interface AttachmentDeps {
  db: Database;
  clock: Clock;
  audit: AuditService;
  /** The owning areas, one per kind of object. */
  access: Record<AttachmentObjectType, MaterialsAccess>;
  /** Where the bytes are kept (DATA_DIR/attachments). */
  filesDir: string;
  /** The largest attachment accepted, in bytes. */
  maxBytes: number;
}

export interface UploadOptions {
  kind: string;
  fileName: string;
  contentType: string | undefined;
  contentLength: string | undefined;
  idempotencyKey: string | undefined;
}

export interface AttachmentContent {
  attachment: Attachment;
  /** The kept file, to be streamed. */
  file: string;
}

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;
/** An upload's own temporary file, named so that no kept file (a hash) matches. */
const INCOMING_FILE = /^\.incoming-[0-9a-f-]{36}$/;
const KEPT_FILE = /^[0-9a-f]{64}$/;
/** How long a file goes untouched before the sweep takes it for a crashed upload's leftover. */
const LEFTOVER_AFTER_MS = 24 * 3_600_000;
/** The name of the object, for a 404 of an attachment whose object the caller may not see. */
const ATTACHMENT = '附件';

export class AttachmentService {
  private readonly store = new AttachmentStore();
  /**
   * Work on one hash, one after another in this process: keeping a file and inserting its row,
   * against removing a row and then its file when no row names it any more.
   */
  private readonly hashLocks = new Map<string, Promise<unknown>>();

  constructor(private readonly deps: AttachmentDeps) {}

  async list(actor: Actor, objectType: AttachmentObjectType, objectId: string): Promise<{ items: Attachment[] }> {
    await this.deps.access[objectType](this.deps.db, actor, objectId, 'read');
    return { items: (await this.store.listOf(this.deps.db, objectType, objectId)).map((r) => r.attachment) };
  }

  async get(actor: Actor, id: string): Promise<Attachment> {
    return (await this.visible(actor, id)).attachment;
  }

  /** The attachment and its kept file, for a download by whoever may read its object. */
  async content(actor: Actor, id: string): Promise<AttachmentContent> {
    const { attachment } = await this.visible(actor, id);
    const file = this.keptPath(attachment.sha256);
    if (!fs.existsSync(file)) throw new NotFoundError(ATTACHMENT);
    return { attachment, file };
  }

  /**
   * Receives a file for an object: who may attach is answered before the body is read; the body is
   * streamed to a temporary file (hashed, stopped past the cap), its type told by its content and
   * checked against the declared type and the name's extension, then the file is kept by its hash
   * and the row inserted with its audit event. A refused upload leaves no row and no file.
   */
  async upload(
    actor: Actor,
    objectType: AttachmentObjectType,
    objectId: string,
    body: Readable,
    o: UploadOptions,
  ): Promise<{ attachment: Attachment; replayed: boolean }> {
    const access = this.deps.access[objectType];
    const { departmentId: ownerDepartmentId } = await access(this.deps.db, actor, objectId, 'change');
    if (!(o.kind in ATTACHMENT_KINDS[objectType])) {
      throw new BadRequestError('invalid_kind', `附件类别 ${o.kind} 不适用于${objectType} (not a kind of this object)`, [
        { path: 'kind', code: 'invalid_kind', message: `可选：${Object.keys(ATTACHMENT_KINDS[objectType]).join('、')}` },
      ]);
    }
    const declared = mediaTypeOf(o.contentType) || UNDECLARED_MEDIA_TYPE;
    if (!ACCEPTED_MEDIA_TYPES.includes(declared)) {
      throw new UnsupportedMediaTypeError(
        `附件须为 PDF、PNG、JPEG、OFD 或 Office 文档，请求的 Content-Type 为 ${declared} (an attachment is a PDF, image or Office document)`,
      );
    }
    const scanned = scanFileName(o.fileName);
    if (!scanned) {
      throw new RuleViolationError(
        'invalid_file_name',
        '文件名须有名称和扩展名（如 设计方案.pdf）(the file name needs a name and an extension)',
        [{ path: 'fileName', code: 'invalid_file_name', message: '文件名须有名称和扩展名' }],
      );
    }
    if (o.idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(o.idempotencyKey)) {
      throw new BadRequestError('invalid_idempotency_key', 'Idempotency-Key 须为 1–200 个可见 ASCII 字符 (invalid Idempotency-Key)');
    }
    const declaredLength = Number(o.contentLength);
    if (Number.isFinite(declaredLength) && declaredLength > this.deps.maxBytes) throw this.tooLarge();

    await fs.promises.mkdir(this.deps.filesDir, { recursive: true });
    const incoming = path.join(this.deps.filesDir, `.incoming-${randomUUID()}`);
    try {
      const { bytes, sha256 } = await this.receive(body, incoming);
      if (bytes === 0) throw new RuleViolationError('empty_file', '附件为空 (the file is empty)');
      const type = sniffFileType(await fs.promises.readFile(incoming));
      const problem = typeProblem(type, declared, scanned.extension);
      // 415 with a code of its own: the content is what was refused, not the declared type.
      if (problem?.code === 'unsupported_file_type')
        throw new AppError(415, 'unsupported_file_type', 'Unsupported media type', problem.message);
      if (problem)
        throw new RuleViolationError('file_type_mismatch', problem.message, [
          { path: problem.path, code: problem.code, message: problem.message },
        ]);
      if (o.idempotencyKey) {
        const earlier = await this.store.findByIdempotencyKey(this.deps.db, actor.userId, o.idempotencyKey);
        if (earlier) {
          const same = earlier.attachment;
          if (same.sha256 !== sha256 || same.objectType !== objectType || same.objectId !== objectId) {
            throw new RuleViolationError(
              'idempotency_key_reused',
              '同一 Idempotency-Key 已用于另一个附件 (the key was used for another attachment)',
            );
          }
          // The first answer, if the caller may still read it.
          return { attachment: await this.get(actor, same.id), replayed: true };
        }
      }
      const attachment: Attachment = {
        id: randomUUID(),
        objectType,
        objectId,
        kind: o.kind,
        kindLabel: ATTACHMENT_KINDS[objectType][o.kind],
        fileName: scanned.name,
        mediaType: FILE_TYPES[type!].mediaType,
        bytes,
        sha256,
        departmentId: actor.departmentId,
        uploadedBy: actor.userId,
        uploaderName: actor.userName,
        uploadedAt: this.deps.clock.now().toISOString(),
      };
      await this.underHashLock(sha256, async () => {
        await this.keep(incoming, sha256);
        try {
          await transaction(this.deps.db, async (tx) => {
            // Asked again in the transaction, holding the object: a decision that closes it waits, or is seen.
            await access(tx, actor, objectId, 'change');
            await this.store.insert(tx, attachment, type!, o.idempotencyKey ?? null);
            await this.deps.audit.record(tx, actor, {
              action: 'attachment.added',
              objectType: 'attachment',
              objectId: attachment.id,
              details: this.auditDetails(attachment),
              departments: [ownerDepartmentId, actor.departmentId],
            });
          });
        } catch (err) {
          await this.removeIfUnused(sha256);
          throw err;
        }
      });
      return { attachment, replayed: false };
    } finally {
      await fs.promises.rm(incoming, { force: true });
    }
  }

  /**
   * Removes an attachment: by its uploader's department, while its object is open (a project
   * before final acceptance, a registration before the bureau receives it, a connection before it
   * is confirmed). The row goes with its audit event; the file once no attachment names it.
   */
  async remove(actor: Actor, id: string): Promise<void> {
    const { attachment } = await this.visible(actor, id);
    this.assertUploaderDepartment(actor, attachment);
    const access = this.deps.access[attachment.objectType];
    await access(this.deps.db, actor, attachment.objectId, 'change');
    await this.underHashLock(attachment.sha256, async () => {
      await transaction(this.deps.db, async (tx) => {
        const { departmentId: ownerDepartmentId } = await access(tx, actor, attachment.objectId, 'change');
        if (!(await this.store.remove(tx, id))) throw new NotFoundError(ATTACHMENT);
        await this.deps.audit.record(tx, actor, {
          action: 'attachment.removed',
          objectType: 'attachment',
          objectId: id,
          details: this.auditDetails(attachment),
          departments: [ownerDepartmentId, attachment.departmentId],
        });
      });
      // After the commit: a failed removal keeps its file.
      await this.removeIfUnused(attachment.sha256);
    });
  }

  /**
   * Removes what crashes left in the folder: temporary files of uploads that never finished, and
   * kept files no attachment names (a crash between keeping the file and committing its row),
   * those untouched for a day. Run at start and daily (src/main.ts); returns how many it removed.
   */
  async sweepLeftovers(): Promise<number> {
    const before = Date.now() - LEFTOVER_AFTER_MS;
    const old = async (file: string) => {
      const stat = await fs.promises.stat(file).catch(() => null);
      return stat !== null && stat.isFile() && stat.mtimeMs < before;
    };
    let removed = 0;
    const top = await fs.promises.readdir(this.deps.filesDir, { withFileTypes: true }).catch(() => []);
    for (const e of top) {
      const file = path.join(this.deps.filesDir, e.name);
      if (e.isFile() && INCOMING_FILE.test(e.name) && (await old(file))) {
        await fs.promises.rm(file, { force: true });
        removed++;
      }
    }
    for (const folder of top.filter((e) => e.isDirectory() && /^[0-9a-f]{2}$/.test(e.name))) {
      const names = (await fs.promises.readdir(path.join(this.deps.filesDir, folder.name))).filter((n) => KEPT_FILE.test(n));
      for (let i = 0; i < names.length; i += 500) {
        const slice = names.slice(i, i + 500);
        const used = await this.store.hashesInUse(this.deps.db, slice);
        for (const hash of slice.filter((h) => !used.has(h))) {
          await this.underHashLock(hash, async () => {
            if ((await old(this.keptPath(hash))) && (await this.store.countWithHash(this.deps.db, hash)) === 0) {
              await fs.promises.rm(this.keptPath(hash), { force: true });
              removed++;
            }
          });
        }
      }
    }
    return removed;
  }

  // ---- the pieces ------------------------------------------------------------------------------

  /** The attachment, if the actor may read its object: otherwise "not found", whatever the object's answer. */
  private async visible(actor: Actor, id: string): Promise<AttachmentRecord> {
    const record = await this.store.find(this.deps.db, id);
    if (!record) throw new NotFoundError(ATTACHMENT);
    try {
      await this.deps.access[record.attachment.objectType](this.deps.db, actor, record.attachment.objectId, 'read');
    } catch (err) {
      if (err instanceof AppError && err.status === 404) throw new NotFoundError(ATTACHMENT);
      throw err;
    }
    return record;
  }

  private assertUploaderDepartment(actor: Actor, a: Attachment): void {
    if (a.departmentId !== actor.departmentId)
      throw new ForbiddenError('not_uploader', '只有上传附件的部门可以删除它 (only the uploading department removes an attachment)');
  }

  private auditDetails(a: Attachment): Record<string, unknown> {
    return {
      objectType: a.objectType,
      objectId: a.objectId,
      kind: a.kind,
      fileName: a.fileName,
      bytes: a.bytes,
      sha256: a.sha256,
      mediaType: a.mediaType,
    };
  }

  private tooLarge(): PayloadTooLargeError {
    const mb = this.deps.maxBytes / 1024 / 1024;
    return new PayloadTooLargeError(`附件 ${Number.isInteger(mb) ? mb : mb.toFixed(2)} MB`);
  }

  /** Streams the body to `file`, counting and hashing; past the cap, 413. */
  private async receive(body: Readable, file: string): Promise<{ bytes: number; sha256: string }> {
    const hash = createHash('sha256');
    let bytes = 0;
    const max = this.deps.maxBytes;
    const tooLarge = () => this.tooLarge();
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        bytes += chunk.length;
        if (bytes > max) return done(tooLarge());
        hash.update(chunk);
        done(null, chunk);
      },
    });
    await pipeline(body, counter, fs.createWriteStream(file));
    return { bytes, sha256: hash.digest('hex') };
  }

  /** Where the bytes with this hash are kept: a folder per first two hex digits. */
  private keptPath(sha256: string): string {
    return path.join(this.deps.filesDir, sha256.slice(0, 2), sha256);
  }

  /** Moves the received file to its hash's place; when the same bytes are there already, touches them (the sweep spares them) instead. */
  private async keep(incoming: string, sha256: string): Promise<void> {
    const kept = this.keptPath(sha256);
    await fs.promises.mkdir(path.dirname(kept), { recursive: true });
    if (fs.existsSync(kept)) {
      const now = new Date();
      await fs.promises.utimes(kept, now, now);
      return;
    }
    await fs.promises.rename(incoming, kept);
  }

  private async removeIfUnused(sha256: string): Promise<void> {
    if ((await this.store.countWithHash(this.deps.db, sha256)) === 0) await fs.promises.rm(this.keptPath(sha256), { force: true });
  }

  private async underHashLock<T>(sha256: string, work: () => Promise<T>): Promise<T> {
    const before = this.hashLocks.get(sha256) ?? Promise.resolve();
    const run = before.then(work, work);
    const tail = run.catch(() => undefined);
    this.hashLocks.set(sha256, tail);
    try {
      return await run;
    } finally {
      if (this.hashLocks.get(sha256) === tail) this.hashLocks.delete(sha256);
    }
  }
}
