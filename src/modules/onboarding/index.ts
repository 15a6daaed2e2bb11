import { Area } from '../area';
import { onboardingRouter } from './onboarding.router';
import { OnboardingDeps, OnboardingService } from './onboarding.service';

// The onboarding area (平台接入): each project's readiness checklist computed from the data, the
// connections producers declare and the bureau confirms, and the bureau's verification. Depends
// on the catalog, sharing, the audit trail and the read cache; the projects area asks it at the
// acceptance gate.
export function onboardingArea(deps: OnboardingDeps): Area<OnboardingService> {
  const service = new OnboardingService(deps);
  return { service, router: (bind) => onboardingRouter(service, bind) };
}
