// Runs first in each worker thread: tsx compiles the TypeScript the thread loads (test files,
// lib/, examples/) and resolves `cdk-event-readiness` to lib/ as tsconfig.json's paths say.
import { register } from 'tsx/esm/api';

register();
