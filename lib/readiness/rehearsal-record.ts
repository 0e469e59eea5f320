import { IConstruct } from 'constructs';

/**
 * The event a readiness construct rehearses, recorded in its plan document (`rehearsalOf`). Set
 * only by EventRehearsal.
 */
export const REHEARSAL_OF = new WeakMap<IConstruct, string>();
