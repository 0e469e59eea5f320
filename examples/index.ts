import { App } from 'aws-cdk-lib';
import { addFlashSale } from './flash-sale';

export * from './flash-sale';

/** The examples `bin/app.ts` can build, by name (context value `example`). */
export const EXAMPLES: { [name: string]: (app: App) => unknown } = {
  'flash-sale': (app) => addFlashSale(app),
};
