import { Annotations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * Adds one of the library's warnings (id `cdk-event-readiness:<id>`), ending with how to accept
 * it. aws-cdk-lib's own hint names `Annotation::cdk-event-readiness:<id>`, the id
 * `Validations.acknowledge` matches; `Annotations.acknowledgeWarning` takes the bare id.
 */
export function warn(scope: IConstruct, id: string, message: string): void {
  const full = `cdk-event-readiness:${id}`;
  Annotations.of(scope).addWarningV2(full, `${message} To accept it: Annotations.of(scope).acknowledgeWarning('${full}', reason).`);
}
