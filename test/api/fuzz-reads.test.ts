import { fuzzCampaign } from '../support/fuzz-campaign';

// Property-based fuzzing of the contract's reads (GET operations), with the regressions the fuzzer found; see test/support/fuzz-campaign.ts.
fuzzCampaign('reads');
