import express from 'express';
import { BodyOf, QueryOf } from '../../http/api-types';
import { ProjectAction } from '../../domain/project-lifecycle';
import { ModuleContext } from '../context';

export function projectsRouter(ctx: ModuleContext): express.Router {
  const router = express.Router();
  const service = ctx.services.projects;
  const id = (req: express.Request) => req.valid.params.projectId;
  ctx.bind(router, 'listProjects', async (req, res) => {
    res.json(await service.list(req.actor, req.valid.query as QueryOf<'listProjects'>));
  });
  ctx.bind(router, 'createProject', async (req, res) => {
    res.status(201).json(await service.create(req.actor, req.valid.body as BodyOf<'createProject'>));
  });
  ctx.bind(router, 'getProject', async (req, res) => {
    const project = await service.get(req.actor, id(req));
    res.json(project);
  });
  ctx.bind(router, 'updateProject', async (req, res) => {
    const project = await service.update(req.actor, id(req), req.valid.body as BodyOf<'updateProject'>, req.headers['if-match']);
    res.json(project);
  });
  ctx.bind(router, 'getProjectHistory', async (req, res) => {
    res.json(await service.history(req.actor, id(req)));
  });
  // Lifecycle steps: one operation each, so each is one audited event.
  const steps: Array<[string, ProjectAction, (body: Record<string, string>) => string | null]> = [
    ['startProjectConstruction', 'start_construction', () => null],
    ['completeProject', 'complete', () => null],
    ['passPreliminaryAcceptance', 'pass_preliminary', () => null],
    ['startTrialRun', 'start_trial_run', () => null],
    ['acceptProject', 'accept', () => null],
    ['failAcceptance', 'fail_acceptance', (b) => b.findings],
    ['resumeAfterRectification', 'resume', (b) => b.note],
  ];
  for (const [operationId, action, noteOf] of steps) {
    ctx.bind(router, operationId, async (req, res) => {
      res.json(await service.step(req.actor, id(req), action, noteOf((req.valid.body ?? {}) as Record<string, string>)));
    });
  }
  ctx.bind(router, 'reportAcceptanceDelay', async (req, res) => {
    res.json(await service.reportDelay(req.actor, id(req), req.valid.body as BodyOf<'reportAcceptanceDelay'>));
  });
  ctx.bind(router, 'refuseAcceptanceDelay', async (req, res) => {
    res.json(await service.refuseDelay(req.actor, id(req), (req.valid.body as BodyOf<'refuseAcceptanceDelay'>).reason));
  });
  ctx.bind(router, 'declareNoSharingRequests', async (req, res) => {
    res.json(await service.declareNoRequests(req.actor, id(req), (req.valid.body as BodyOf<'declareNoSharingRequests'>).statement));
  });
  return router;
}
