/**
 * The commands' calls to AWS, and the only module the CLI's front door reaches the AWS SDK
 * through. The bundle puts it in a file of its own (event-readiness-aws.js) that `main` loads
 * with require() when a command calls AWS: `--version`, `--help` and `plan` never parse the SDK.
 */
import { CloudFormationClient, GetTemplateCommand } from '@aws-sdk/client-cloudformation';
import { EventPlanDocument } from '../readiness/plan-document';
import { CliError, plansInTemplate, selectPlans } from './assembly';
import { AwsContext, explain } from './aws-errors';
import { checkClients, checkCommand, CheckOptions } from './check';
import { CliIo, EXIT } from './io';
import { reviewClients, reviewCommand, ReviewOptions } from './review-aws';

/** `event-readiness check`, with clients for the Region and profile (and for each other Region the plan has). */
export async function check(options: CheckOptions, io: CliIo): Promise<number> {
  return checkCommand(options, io, checkClients({ region: options.region, profile: options.profile }),
    (region) => checkClients({ region, profile: options.profile }));
}

/** `event-readiness review`, with clients for the Region and profile. */
export async function review(options: ReviewOptions & { profile?: string }, io: CliIo): Promise<number> {
  return reviewCommand(options, io, reviewClients({ region: options.region, profile: options.profile }),
    (region) => reviewClients({ region, profile: options.profile }));
}

/** The event's plan from a deployed readiness stack's template (CloudFormation GetTemplate). */
export async function planFromStack(stackName: string, event: string, options: AwsContext & { profile?: string }): Promise<EventPlanDocument> {
  const client = new CloudFormationClient({ region: options.region, profile: options.profile, maxAttempts: 8, retryMode: 'adaptive' });
  let body: string | undefined;
  try {
    body = (await client.send(new GetTemplateCommand({ StackName: stackName, TemplateStage: 'Original' }))).TemplateBody;
  } catch (error) {
    throw explain(error, options);
  }
  let template: any;
  try {
    template = JSON.parse(body ?? '');
  } catch {
    throw new CliError(`The template of stack ${stackName} is not JSON: is it a readiness stack of cdk-event-readiness?`, EXIT.FAILED);
  }
  return selectPlans(plansInTemplate(template, stackName), event)[0].plan;
}
