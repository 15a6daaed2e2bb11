import express from 'express';
import { Bind } from '../../http/binding';
import { OnboardingService } from './onboarding.service';

export function onboardingRouter(service: OnboardingService, bind: Bind): express.Router {
  const router = express.Router();
  bind(router, 'getOnboarding', ({ actor, params }) => service.get(actor, params.projectId));
  bind(router, 'verifyOnboarding', ({ actor, params }) => service.verify(actor, params.projectId));
  bind(router, 'listConnections', ({ actor, params }) => service.listConnections(actor, params.resourceId));
  bind(router, 'declareConnection', ({ actor, params, body }) => service.declareConnection(actor, params.resourceId, body));
  bind(router, 'confirmConnection', ({ actor, params }) => service.confirmConnection(actor, params.connectionId));
  return router;
}
