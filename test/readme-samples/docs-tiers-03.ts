// Extracted from docs/tiers.md by scripts/readme-samples.js: do not edit.
import { Stack } from 'aws-cdk-lib';
import { RdsTier } from 'cdk-event-readiness';

declare const stack: Stack;

new RdsTier(stack, 'Orders', { databaseName: 'orders' });
export {};
