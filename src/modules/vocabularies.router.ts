import express from 'express';
import * as v from '../domain/vocabularies';
import { ModuleContext } from './context';

export function vocabulariesRouter(ctx: ModuleContext): express.Router {
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
  ctx.bind(router, 'getVocabularies', (_req, res) => {
    res.json(body);
  });
  return router;
}
