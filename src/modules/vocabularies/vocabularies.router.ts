import express from 'express';
import * as v from '../../domain/vocabularies';
import { Bind } from '../../http/binding';
import type { CategoryService } from '../categories/categories.service';

// Every enumeration's codes with their Chinese labels, and the catalog's categories: what a form
// needs to offer choices and a list to show names. The enumerations change only with the code; the
// categories are the bureau's tree (src/modules/categories), read as it stands: the 项, 目 and 细目
// an entry may be filed under.
export function vocabulariesRouter(bind: Bind, categories: CategoryService): express.Router {
  const router = express.Router();
  const fixed = {
    classifications: v.classifications,
    resourceFormats: v.resourceFormats,
    dataTypes: v.dataTypes,
    queryRoles: v.queryRoles,
    sharingTypes: v.sharingTypes,
    openTypes: v.openTypes,
    updateCycles: v.updateCycles,
    provisionModes: v.provisionModes,
    resourceStatuses: v.resourceStatuses,
    roles: v.roles,
    departmentLevels: v.departmentLevels,
    sharingRequestStatuses: v.sharingRequestStatuses,
    grantStatuses: v.grantStatuses,
  };
  bind(router, 'getVocabularies', async () => {
    const tree = await categories.list();
    return {
      ...fixed,
      categories: tree.items
        .filter((c) => c.level >= 2)
        .map((c) => ({
          code: c.code,
          label: c.name,
          classification: c.classification,
          path: c.path,
          parentCode: c.parentCode!,
          level: c.level,
        })),
    };
  });
  return router;
}
