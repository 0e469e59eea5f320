import { App } from 'aws-cdk-lib';
import { addExistingShop } from './existing-shop';
import { addFlashSale } from './flash-sale';
import { addGameDay } from './game-day';
import { addGlobalShop } from './global-shop';
import { addPrimeDay } from './prime-day';

export * from './existing-shop';
export * from './flash-sale';
export * from './game-day';
export * from './global-shop';
export * from './network';
export * from './prime-day';

/** The examples `bin/app.ts` can build, by name (context value `example`). */
export const EXAMPLES: { [name: string]: (app: App) => unknown } = {
  'flash-sale': (app) => addFlashSale(app),
  'prime-day': (app) => addPrimeDay(app),
  'game-day': (app) => addGameDay(app),
  'existing-shop': (app) => addExistingShop(app),
  'global-shop': (app) => addGlobalShop(app),
};
