// Extracted from docs/tiers.md by scripts/readme-samples.js: do not edit.
import { Stack } from 'aws-cdk-lib';
import { AuroraServerlessTier } from 'cdk-event-readiness';

declare const stack: Stack;

new AuroraServerlessTier(stack, 'Sessions');
export {};
