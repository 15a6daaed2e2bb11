import { fuzzCampaign } from '../support/fuzz-campaign';

// Property-based fuzzing of the contract's writes (POST, PUT, PATCH, DELETE operations); see test/support/fuzz-campaign.ts.
fuzzCampaign('writes');
