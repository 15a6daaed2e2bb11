import express from 'express';
import * as v from '../../domain/vocabularies';
import { Bind } from '../../http/binding';

// Every enumeration's codes with their Chinese labels, and the catalog's categories: what a form
// needs to offer choices and a list to show names. Built once; it changes only with the code.
export function vocabulariesRouter(bind: Bind): express.Router {
  const router = express.Router();
  const body = {
    classifications: v.classifications,
    categories: v.categories.map((c) => ({
      code: c.code,
      label: c.label,
      classification: v.classificationOf(c.code),
      path: v.categoryPath(c.code),
    })),
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
  bind(router, 'getVocabularies', () => body);
  return router;
}
