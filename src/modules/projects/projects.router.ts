import express from 'express';
import { Bind } from '../../http/binding';
import { ProjectService } from './projects.service';

export function projectsRouter(service: ProjectService, bind: Bind): express.Router {
  const router = express.Router();
  bind(router, 'listProjects', ({ actor, query }) => service.list(actor, query));
  bind(router, 'createProject', ({ actor, body }) => service.create(actor, body));
  bind(router, 'getProject', ({ actor, params }) => service.get(actor, params.projectId));
  bind(router, 'updateProject', ({ actor, params, body, ifMatch }) => service.update(actor, params.projectId, body, ifMatch));
  bind(router, 'getProjectHistory', ({ actor, params }) => service.history(actor, params.projectId));
  // Lifecycle steps: one operation each, so each is one audited event.
  bind(router, 'startProjectConstruction', ({ actor, params }) => service.step(actor, params.projectId, 'start_construction'));
  bind(router, 'completeProject', ({ actor, params }) => service.step(actor, params.projectId, 'complete'));
  bind(router, 'passPreliminaryAcceptance', ({ actor, params }) => service.step(actor, params.projectId, 'pass_preliminary'));
  bind(router, 'startTrialRun', ({ actor, params }) => service.step(actor, params.projectId, 'start_trial_run'));
  bind(router, 'acceptProject', ({ actor, params }) => service.step(actor, params.projectId, 'accept'));
  bind(router, 'failAcceptance', ({ actor, params, body }) => service.step(actor, params.projectId, 'fail_acceptance', body.findings));
  bind(router, 'resumeAfterRectification', ({ actor, params, body }) =>
    service.step(actor, params.projectId, 'resume', body?.note ?? null),
  );
  bind(router, 'reportAcceptanceDelay', ({ actor, params, body }) => service.reportDelay(actor, params.projectId, body));
  bind(router, 'refuseAcceptanceDelay', ({ actor, params, body }) => service.refuseDelay(actor, params.projectId, body.reason));
  bind(router, 'declareNoSharingRequests', ({ actor, params, body }) => service.declareNoRequests(actor, params.projectId, body.statement));
  return router;
}
