import { Clock } from '../../clock';
import { Conn, Database, transaction, Tx } from '../../db/database';
import { assertIfMatch, withRowVersion } from '../../db/versions';
import { Actor, requireRole } from '../../domain/actor';
import { hasOwnNumber, LEVEL_NAMES, levelOf, parentCodeOf, pathCodesOf } from '../../domain/category-codes';
import { classificationOf } from '../../domain/vocabularies';
import { ConflictError, NotFoundError, RuleViolationError } from '../../errors';
import { BodyOf, Schema } from '../../http/api-types';
import type { AuditService } from '../audit/audit.service';
import { CategoryRecord, CategoryStore, CategoryUses } from './categories.store';

// The catalog's category tree (资源分类, ADR 0039): the three 类 of the national classification,
// fixed, and below them the 项, 目 and 细目 the bureau maintains. Entries are filed under a 项, 目 or
// 细目; the resources area checks an entry's category here, inside its own transaction, and reads
// the names with the entry's row (resources.store.ts), so every instance shows the current names.

export type Category = Schema<'Category'>;

export interface CategoryDeps {
  db: Database;
  clock: Clock;
  audit: AuditService;
}

export class CategoryService {
  private readonly store = new CategoryStore();
  private readonly db: Database;
  private readonly clock: Clock;
  private readonly audit: AuditService;

  constructor(deps: CategoryDeps) {
    ({ db: this.db, clock: this.clock, audit: this.audit } = deps);
  }

  async list(db: Conn = this.db): Promise<{ items: Category[] }> {
    const records = await this.store.all(db);
    const names = new Map(records.map((r) => [r.code, r.name]));
    return { items: records.map((r) => toCategory(r, names)) };
  }

  async get(code: string): Promise<Category> {
    const record = await this.store.find(this.db, code);
    if (!record) throw new NotFoundError('资源分类');
    return this.withPath(this.db, record);
  }

  // ---- for the other areas ------------------------------------------------------------------

  /**
   * The category an entry is filed under, as `tx` sees it, its row held for share until the
   * transaction ends (a deletion or move of it waits, or this sees it gone); null when there is no
   * such category or it is a 类, under which no entry is filed.
   */
  async forEntry(tx: Tx, code: string): Promise<Category | null> {
    const record = await this.store.find(tx, code, 'share');
    if (!record || record.level < 2) return null;
    return this.withPath(tx, record);
  }

  /** The current names of these codes (the search facets' labels). */
  names(db: Conn, codes: string[]): Promise<Map<string, string>> {
    return this.store.names(db, codes);
  }

  // ---- the bureau's maintenance -------------------------------------------------------------

  async create(actor: Actor, body: BodyOf<'createCategory'>): Promise<Category> {
    requireRole(actor, 'bureau');
    const code = body.code;
    const name = body.name.trim();
    return transaction(this.db, async (trx) => {
      await this.placeable(trx, code, null);
      if (await this.store.find(trx, code)) {
        throw new ConflictError('category_exists', `分类代码 ${code} 已存在 (the category code is taken)`, [
          { path: '/code', message: '已存在' },
        ]);
      }
      const parentCode = parentCodeOf(code)!;
      await this.nameFree(trx, parentCode, name, null);
      const now = this.clock.now().toISOString();
      await this.store.insert(trx, { code, name, parentCode, level: levelOf(code)!, createdAt: now, updatedAt: now });
      await this.audit.record(trx, actor, {
        action: 'category.created',
        objectType: 'category',
        objectId: code,
        details: { name, parentCode },
      });
      return this.withPath(trx, (await this.store.find(trx, code))!);
    });
  }

  /** Renames (`name`) or moves (`code`, whose leading digits name the new parent) a 项, 目 or 细目. */
  async update(actor: Actor, code: string, body: BodyOf<'updateCategory'>, ifMatch: string | undefined): Promise<Category> {
    requireRole(actor, 'bureau');
    return transaction(this.db, async (trx) => {
      const current = await this.changeable(trx, code, ifMatch);
      const nextCode = body.code ?? current.code;
      const nextName = body.name?.trim() ?? current.name;
      if (nextCode === current.code && nextName === current.name) return this.withPath(trx, current);
      if (nextCode !== current.code) {
        await this.unused(trx, current, '移动', 'moved');
        await this.placeable(trx, nextCode, current.code);
        if (await this.store.find(trx, nextCode)) {
          throw new ConflictError('category_exists', `分类代码 ${nextCode} 已存在 (the category code is taken)`, [
            { path: '/code', message: '已存在' },
          ]);
        }
      }
      const parentCode = parentCodeOf(nextCode)!;
      await this.nameFree(trx, parentCode, nextName, current.code);
      await this.store.update(trx, current.code, current.rowVersion, {
        code: nextCode,
        name: nextName,
        parentCode,
        level: levelOf(nextCode)!,
        updatedAt: this.clock.now().toISOString(),
      });
      await this.audit.record(trx, actor, {
        action: nextCode !== current.code ? 'category.moved' : 'category.renamed',
        objectType: 'category',
        objectId: current.code,
        details: { from: { code: current.code, name: current.name }, to: { code: nextCode, name: nextName } },
      });
      return this.withPath(trx, (await this.store.find(trx, nextCode))!);
    });
  }

  async remove(actor: Actor, code: string, ifMatch: string | undefined): Promise<void> {
    requireRole(actor, 'bureau');
    await transaction(this.db, async (trx) => {
      const current = await this.changeable(trx, code, ifMatch);
      await this.unused(trx, current, '删除', 'deleted');
      await this.store.remove(trx, code, current.rowVersion);
      await this.audit.record(trx, actor, {
        action: 'category.deleted',
        objectType: 'category',
        objectId: code,
        details: { name: current.name, parentCode: current.parentCode },
      });
    });
  }

  /** The category locked for update, at the version If-Match names; a 类 is the national classification's and stays. */
  private async changeable(trx: Tx, code: string, ifMatch: string | undefined): Promise<CategoryRecord> {
    const current = await this.store.find(trx, code, 'update');
    if (!current) throw new NotFoundError('资源分类');
    if (current.level === 1) {
      throw new ConflictError(
        'classification_fixed',
        `“${current.name}”是国家分类规定的类，不能修改或删除 (the three classifications are fixed by the national classification)`,
      );
    }
    assertIfMatch(ifMatch, current.rowVersion);
    return current;
  }

  /** 409 unless nothing uses the category: no entry, no sub-category, no resource code issued under it. */
  private async unused(trx: Tx, c: CategoryRecord, verb: string, english: string): Promise<CategoryUses> {
    const uses = await this.store.uses(trx, c.code);
    const reasons = [
      ...(uses.entries > 0 ? [`${uses.entries} 个目录条目`] : []),
      ...(uses.children > 0 ? [`${uses.children} 个下级分类`] : []),
      ...(uses.codesIssued ? ['已发出的资源代码'] : []),
    ];
    if (reasons.length > 0) {
      throw new ConflictError(
        'category_in_use',
        `分类“${c.name}”（${c.code}）正被${reasons.join('、')}使用，不能${verb} (a category in use cannot be ${english})`,
      );
    }
    return uses;
  }

  /** A code may be placed where its parent exists (held for share) and its own digits are not all zeros. */
  private async placeable(trx: Tx, code: string, movingFrom: string | null): Promise<void> {
    const level = levelOf(code)!;
    if (!hasOwnNumber(code)) {
      throw new RuleViolationError(
        'invalid_category_code',
        `分类代码 ${code} 的${LEVEL_NAMES[level]}位不能全为 0 (a category's own digits cannot all be zero)`,
        [{ path: '/code', message: `${LEVEL_NAMES[level]}位不能全为 0` }],
      );
    }
    const parentCode = parentCodeOf(code)!;
    const parent = await this.store.find(trx, parentCode, 'share');
    if (!parent || parent.code === movingFrom) {
      throw new RuleViolationError('parent_category_not_found', `上级分类 ${parentCode} 不存在 (the parent category does not exist)`, [
        { path: '/code', message: `上级分类 ${parentCode} 不存在` },
      ]);
    }
  }

  /** Siblings have different names, so a clerk choosing one from a list can tell them apart. */
  private async nameFree(trx: Tx, parentCode: string, name: string, except: string | null): Promise<void> {
    const taken = await this.store.siblingNamed(trx, parentCode, name, except);
    if (taken) {
      throw new ConflictError('category_name_taken', `同一上级下已有名为“${name}”的分类（${taken}） (a sibling has this name)`, [
        { path: '/name', message: '与同级分类重名' },
      ]);
    }
  }

  private async withPath(db: Conn, record: CategoryRecord): Promise<Category> {
    return toCategory(record, await this.store.names(db, pathCodesOf(record.code)));
  }
}

function toCategory(r: CategoryRecord, names: Map<string, string>): Category {
  return withRowVersion(
    {
      code: r.code,
      name: r.name,
      parentCode: r.parentCode,
      level: r.level,
      classification: classificationOf(r.code),
      path: pathCodesOf(r.code).map((c) => names.get(c) ?? c),
    },
    r.rowVersion,
  );
}
