import { App, CfnOutput, Duration, Fn, ReferenceStrength, RemovalPolicy, Stack, StackProps, TimeZone, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import { Construct } from 'constructs';
import {
  AcuRange, AuroraServerlessTierEventOptions, EcsServiceEventOptions, EventReadinessStack, EventWindow, ExistingAuroraServerlessCluster,
  ExistingEcsService, ExistingRdsInstance, ExistingStatelessResources, RdsTierEventOptions, StatelessTierEventOptions,
} from '../lib';
import { databaseKey } from './keys';

/** The shop's VPC, whose callers reach its internal load balancer. */
const SHOP_CIDR = '10.0.0.0/16';

/** The engine versions the shop runs (the events app states them: they cannot be read from an import). */
const SESSIONS_ENGINE = rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_17_5 });
const ORDERS_ENGINE = rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_17_5 });

/**
 * A shop's own long-lived infrastructure, written with plain aws-cdk-lib constructs and no
 * knowledge of events: an Aurora Serverless v2 sessions cluster, an RDS for PostgreSQL orders
 * database with one read replica, a catalog function behind a `live` alias, an on-demand
 * catalog table, and an orders API on Fargate behind an internal load balancer, scaled by its own
 * target tracking on CPU. Every resource has a physical name, and the orders database's security
 * group, the databases' key and the API's target group and load balancer are published as named
 * exports, as a platform team would publish them.
 */
export class ExistingShopStack extends Stack {
  public readonly sessions: rds.DatabaseCluster;
  public readonly orders: rds.DatabaseInstance;
  public readonly ordersReplica: rds.DatabaseInstanceReadReplica;
  public readonly catalog: lambda.Alias;
  public readonly catalogTable: dynamodb.TableV2;
  public readonly ordersApi: ecs.FargateService;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr(SHOP_CIDR),
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [{ name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 22 }],
    });
    vpc.addFlowLog('FlowLog', {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(new logs.LogGroup(this, 'FlowLogs', { retention: logs.RetentionDays.ONE_YEAR })),
    });
    const subnets = { subnetType: ec2.SubnetType.PRIVATE_ISOLATED };
    // The databases are encrypted with the shop's own key, which only AWS services may grant on.
    const key = databaseKey(this, 'DatabaseKey', 'Encrypts the shop databases');

    const monitoring = new iam.Role(this, 'RdsMonitoring', {
      roleName: 'shop-rds-monitoring',
      assumedBy: new iam.ServicePrincipal('monitoring.rds.amazonaws.com'),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonRDSEnhancedMonitoringRole')],
    });
    this.sessions = new rds.DatabaseCluster(this, 'Sessions', {
      clusterIdentifier: 'shop-sessions',
      engine: SESSIONS_ENGINE,
      vpc,
      vpcSubnets: subnets,
      writer: rds.ClusterInstance.serverlessV2('Writer', { publiclyAccessible: false }),
      readers: [rds.ClusterInstance.serverlessV2('Reader', { scaleWithWriter: true, publiclyAccessible: false })],
      monitoringInterval: Duration.minutes(1),
      monitoringRole: monitoring,
      serverlessV2MinCapacity: 0.5,
      serverlessV2MaxCapacity: 8,
      storageEncrypted: true,
      storageEncryptionKey: key,
      iamAuthentication: true,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.SNAPSHOT,
      backup: { retention: Duration.days(7) },
      cloudwatchLogsExports: ['postgresql'],
      port: 5433,
    });

    const subnetGroup = new rds.SubnetGroup(this, 'OrdersSubnets', {
      subnetGroupName: 'shop-orders',
      description: 'Orders database subnets',
      vpc,
      vpcSubnets: subnets,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const ordersSecurityGroup = new ec2.SecurityGroup(this, 'OrdersSecurityGroup', { vpc, description: 'Orders database' });
    // A PostgreSQL hot standby pauses replay when these are below the primary's: pinned, so the
    // primary's class can change without its replicas falling behind.
    const ordersParameters = new rds.ParameterGroup(this, 'OrdersParameters', {
      name: 'shop-orders',
      engine: ORDERS_ENGINE,
      description: 'Orders database',
      parameters: { 'max_connections': '5000', 'max_worker_processes': '64', 'rds.force_ssl': '1' },
    });
    this.orders = new rds.DatabaseInstance(this, 'Orders', {
      instanceIdentifier: 'shop-orders',
      engine: ORDERS_ENGINE,
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.R7G, ec2.InstanceSize.XLARGE2),
      vpc,
      subnetGroup,
      securityGroups: [ordersSecurityGroup],
      parameterGroup: ordersParameters,
      multiAz: true,
      storageType: rds.StorageType.GP3,
      allocatedStorage: 500,
      storageEncrypted: true,
      storageEncryptionKey: key,
      publiclyAccessible: false,
      iamAuthentication: true,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.SNAPSHOT,
      backupRetention: Duration.days(7),
      cloudwatchLogsExports: ['postgresql', 'upgrade'],
      monitoringInterval: Duration.minutes(1),
      monitoringRole: monitoring,
      enablePerformanceInsights: true,
      port: 5433,
    });
    this.ordersReplica = new rds.DatabaseInstanceReadReplica(this, 'OrdersReplica', {
      instanceIdentifier: 'shop-orders-replica-1',
      sourceDatabaseInstance: this.orders,
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.R7G, ec2.InstanceSize.XLARGE2),
      vpc,
      subnetGroup,
      securityGroups: [ordersSecurityGroup],
      parameterGroup: ordersParameters,
      storageType: rds.StorageType.GP3,
      publiclyAccessible: false,
      iamAuthentication: true,
      deletionProtection: false,
      removalPolicy: RemovalPolicy.DESTROY,
      cloudwatchLogsExports: ['postgresql', 'upgrade'],
      monitoringInterval: Duration.minutes(1),
      monitoringRole: monitoring,
      enablePerformanceInsights: true,
      port: 5433,
    });
    // The shop's own security review of its databases, in the words cdk-nag asks for.
    for (const database of [this.sessions, this.orders, this.ordersReplica]) {
      Validations.of(database).acknowledge({
        id: 'AwsSolutions-SMG4',
        reason: 'Applications connect with IAM database authentication; the generated master secret is for break-glass use.',
      });
    }
    Validations.of(this.ordersReplica).acknowledge({
      id: 'AwsSolutions-RDS11',
      reason: 'The replica listens on 5433 like its primary; a replica declares no Engine, so the rule cannot tell that '
        + '5433 is not the engine\'s default.',
    });
    Validations.of(monitoring).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole]',
      reason: 'Enhanced Monitoring\'s role must carry this AWS-maintained policy; it only lets the RDS monitoring service '
        + 'write the RDSOSMetrics log group.',
    });
    Validations.of(this.ordersReplica).acknowledge({
      id: 'AwsSolutions-RDS2',
      reason: 'A read replica inherits the primary\'s storage encryption (the primary is encrypted); CloudFormation rejects '
        + 'StorageEncrypted on a replica.',
    });
    Validations.of(this.ordersReplica).acknowledge({
      id: 'AwsSolutions-RDS3',
      reason: 'Read availability comes from the Multi-AZ primary and the event replicas; a standby per read replica would '
        + 'double its cost for a copy that can be recreated from the primary.',
    });
    Validations.of(this.ordersReplica).acknowledge({
      id: 'AwsSolutions-RDS10',
      reason: 'A read replica holds no unique data; the primary, which holds the data, has deletion protection and a '
        + 'snapshot on delete.',
    });
    new CfnOutput(this, 'OrdersSecurityGroupId', { value: ordersSecurityGroup.securityGroupId, exportName: 'shop-orders-security-group' });
    new CfnOutput(this, 'DatabaseKeyArn', { value: key.keyArn, exportName: 'shop-database-key' });

    const catalogLogs = new logs.LogGroup(this, 'CatalogLogs', { retention: logs.RetentionDays.ONE_YEAR });
    const catalogRole = new iam.Role(this, 'CatalogRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    catalogLogs.grantWrite(catalogRole);
    const fn = new lambda.Function(this, 'Catalog', {
      functionName: 'shop-catalog',
      role: catalogRole,
      runtime: lambda.Runtime.NODEJS_LATEST,
      architecture: lambda.Architecture.ARM_64,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200, body: "[]" });'),
      memorySize: 512,
      timeout: Duration.seconds(10),
      logGroup: catalogLogs,
    });
    this.catalog = new lambda.Alias(this, 'CatalogLive', { aliasName: 'live', version: fn.currentVersion });
    this.catalogTable = new dynamodb.TableV2(this, 'CatalogTable', {
      tableName: 'shop-catalog',
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      billing: dynamodb.Billing.onDemand({ maxReadRequestUnits: 8000 }),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
    });
    this.ordersApi = this.addOrdersApi(vpc, subnets);
  }

  /**
   * The orders API: Fargate tasks (0.5 vCPU, 1 GB, ARM) in the isolated subnets, pulling their
   * image from the shop's ECR repository through VPC endpoints, behind an internal load balancer,
   * between 4 and 40 tasks by target tracking on CPU (50 %).
   */
  private addOrdersApi(vpc: ec2.Vpc, subnets: ec2.SubnetSelection): ecs.FargateService {
    const cluster = new ecs.Cluster(this, 'Cluster', { vpc, clusterName: 'shop', containerInsightsV2: ecs.ContainerInsights.ENABLED });
    const task = new ecs.FargateTaskDefinition(this, 'OrdersApiTask', {
      cpu: 512,
      memoryLimitMiB: 1024,
      runtimePlatform: { cpuArchitecture: ecs.CpuArchitecture.ARM64, operatingSystemFamily: ecs.OperatingSystemFamily.LINUX },
    });
    task.addContainer('api', {
      image: ecs.ContainerImage.fromEcrRepository(ecr.Repository.fromRepositoryName(this, 'OrdersApiImages', 'shop-orders-api'), '2027.06'),
      portMappings: [{ containerPort: 8080 }],
      memoryLimitMiB: 1024,
      readonlyRootFilesystem: true,
      user: '1000',
      logging: ecs.LogDrivers.awsLogs({
        streamPrefix: 'orders-api', logGroup: new logs.LogGroup(this, 'OrdersApiLogs', { retention: logs.RetentionDays.ONE_YEAR }),
      }),
    });
    const service = new ecs.FargateService(this, 'OrdersApi', {
      cluster,
      taskDefinition: task,
      serviceName: 'shop-orders-api',
      vpcSubnets: subnets,
      circuitBreaker: { enable: true, rollback: true },
      minHealthyPercent: 100,
      healthCheckGracePeriod: Duration.seconds(60),
    });
    // The image and the logs through the VPC's endpoints, open to the service's tasks only.
    for (const [id, endpoint] of [['EcrApi', ec2.InterfaceVpcEndpointAwsService.ECR], ['EcrImages', ec2.InterfaceVpcEndpointAwsService.ECR_DOCKER],
      ['Logs', ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS]] as const) {
      vpc.addInterfaceEndpoint(id, { service: endpoint, subnets, open: false }).connections.allowDefaultPortFrom(service);
    }
    vpc.addGatewayEndpoint('S3', { service: ec2.GatewayVpcEndpointAwsService.S3, subnets: [subnets] });
    Validations.of(task).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'The execution role\'s ecr:GetAuthorizationToken, which has no resource type in the IAM Service Authorization '
        + 'Reference (it can only be granted on *); its image pulls are granted on the shop-orders-api repository alone.',
    });
    const lb = new elbv2.ApplicationLoadBalancer(this, 'InternalLoadBalancer', {
      vpc, vpcSubnets: subnets, internetFacing: false, dropInvalidHeaderFields: true, deletionProtection: true,
    });
    Validations.of(lb).acknowledge({
      id: 'AwsSolutions-ELB2',
      reason: 'The example is environment-agnostic: access-log delivery is authorized for the Region\'s own Elastic Load Balancing '
        + 'account, which only a stack with a Region can name (aws-cdk-lib refuses logAccessLogs without one). A deployment with '
        + 'env set calls lb.logAccessLogs(bucket).',
    });
    const listener = lb.addListener('Http', { port: 80, open: false });
    lb.connections.allowFrom(ec2.Peer.ipv4(SHOP_CIDR), ec2.Port.tcp(80), 'The shop\'s own callers, inside its VPC');
    const targets = listener.addTargets('OrdersApi', {
      port: 8080,
      targets: [service],
      deregistrationDelay: Duration.seconds(60),
      healthCheck: { path: '/health', interval: Duration.seconds(15), healthyThresholdCount: 3 },
    });
    service.autoScaleTaskCount({ minCapacity: 4, maxCapacity: 40 })
      .scaleOnCpuUtilization('Cpu', { targetUtilizationPercent: 50, scaleOutCooldown: Duration.seconds(30), scaleInCooldown: Duration.minutes(5) });
    new CfnOutput(this, 'OrdersApiTargetGroupArn', { value: targets.targetGroupArn, exportName: 'shop-orders-api-targets' });
    new CfnOutput(this, 'InternalLoadBalancerArn', { value: lb.loadBalancerArn, exportName: 'shop-internal-load-balancer' });
    return service;
  }
}

/** Options of {@link addExistingShop}. */
export interface ExistingShopOptions {
  /** Stack props shared by the example's stacks (e.g. `env`). */
  readonly stackProps?: StackProps;
  /** The readiness construct's clock; tests pin it. */
  readonly now?: Date;
  /** Leave the event out (the shop alone), to show the shop's template does not change. */
  readonly withoutEvent?: boolean;
  /**
   * Each tier's peaks for the event, in place of the example's: e.g. what `event-readiness review
   * --growth` suggests after it.
   */
  readonly peaks?: {
    readonly sessions?: AuroraServerlessTierEventOptions;
    readonly orders?: RdsTierEventOptions;
    readonly catalog?: StatelessTierEventOptions;
    readonly ordersApi?: EcsServiceEventOptions;
  };
}

/**
 * A summer sale planned for a shop the library did not build. The readiness stack knows the
 * shop's resources only by name (imported, as an "events" app in another repository would),
 * states what an import cannot tell (engine versions, the everyday settings), and plans the
 * same changes the tiers would: ACU range and a reader, a class ladder with an event replica,
 * provisioned concurrency and a raised table cap, and a raised floor under the orders API's own
 * target tracking.
 */
export function addExistingShop(app: App, options: ExistingShopOptions = {}) {
  const shop = new ExistingShopStack(app, 'ExistingShop', options.stackProps);
  if (options.withoutEvent) {
    return { shop };
  }
  const readiness = new EventReadinessStack(app, 'ShopSummerSale2027Readiness', {
    ...options.stackProps,
    // The shop's resources are named, not referenced; what is read (its security groups) is
    // not pinned as an export of the shop's stack.
    crossStackReferences: ReferenceStrength.WEAK,
    window: new EventWindow({
      name: 'shop-summer-2027',
      start: '2027-06-19T10:00',
      end: '2027-06-19T22:00',
      timeZone: TimeZone.EUROPE_BERLIN,
      prewarmLead: Duration.hours(5),
      rampDown: Duration.hours(12),
      rampDownSteps: 2,
    }),
    now: options.now,
  });

  const sessions = new ExistingAuroraServerlessCluster(readiness, 'Sessions', {
    cluster: rds.DatabaseCluster.fromDatabaseClusterAttributes(readiness, 'SessionsCluster', {
      clusterIdentifier: 'shop-sessions',
      engine: SESSIONS_ENGINE,
    }),
    capacity: AcuRange.between(0.5, 8),
    readers: 1,
  });
  const orders = new ExistingRdsInstance(readiness, 'Orders', {
    instance: rds.DatabaseInstance.fromDatabaseInstanceAttributes(readiness, 'OrdersInstance', {
      instanceIdentifier: 'shop-orders',
      instanceEndpointAddress: 'shop-orders.internal',
      port: 5433,
      securityGroups: [ec2.SecurityGroup.fromSecurityGroupId(readiness, 'OrdersSecurityGroup', Fn.importValue('shop-orders-security-group'))],
      engine: ORDERS_ENGINE,
    }),
    instanceType: ec2.InstanceType.of(ec2.InstanceClass.R7G, ec2.InstanceSize.XLARGE2),
    multiAz: true,
    allocatedStorageGiB: 500,
    storageType: rds.StorageType.GP3,
    subnetGroupName: 'shop-orders',
    parameterGroupName: 'shop-orders',
    optionGroupName: 'default:postgres-17',
    parameters: { max_connections: '5000', max_worker_processes: '64' },
    readReplicas: [rds.DatabaseInstance.fromDatabaseInstanceAttributes(readiness, 'OrdersReplica', {
      instanceIdentifier: 'shop-orders-replica-1',
      instanceEndpointAddress: 'shop-orders-replica-1.internal',
      port: 5433,
      securityGroups: [],
      engine: ORDERS_ENGINE,
    })],
    monitoringRole: iam.Role.fromRoleName(readiness, 'RdsMonitoring', 'shop-rds-monitoring'),
    storageEncryptionKey: kms.Key.fromKeyArn(readiness, 'DatabaseKey', Fn.importValue('shop-database-key')),
    logExports: ['postgresql', 'upgrade'],
    iamAuthentication: true,
    performanceInsights: true,
  });
  const catalog = new ExistingStatelessResources(readiness, 'Catalog', {
    function: lambda.Function.fromFunctionName(readiness, 'CatalogFunction', 'shop-catalog'),
    aliasName: 'live',
    table: dynamodb.TableV2.fromTableName(readiness, 'CatalogTable', 'shop-catalog'),
    maxReadRequestUnits: 8000,
  });

  // The orders API scales itself between 4 and 40 tasks: the event raises its floor and ceiling
  // through the team's own scalable target, and gives its bounds back at baseline.
  const ordersApi = new ExistingEcsService(readiness, 'OrdersApi', {
    clusterName: 'shop',
    serviceName: 'shop-orders-api',
    taskCountTarget: { minCapacity: 4, maxCapacity: 40 },
    targetGroup: elbv2.ApplicationTargetGroup.fromTargetGroupAttributes(readiness, 'OrdersApiTargets', {
      targetGroupArn: Fn.importValue('shop-orders-api-targets'),
      loadBalancerArns: Fn.importValue('shop-internal-load-balancer'),
    }),
    targetGroupHealthCheck: { interval: Duration.seconds(15), healthyThresholdCount: 3 },
    deregistrationDelay: Duration.seconds(60),
    healthCheckGracePeriod: Duration.seconds(60),
    containerInsights: true,
    launchType: ecs.LaunchType.FARGATE,
    taskCpu: 512,
    taskMemoryMiB: 1024,
    runtimePlatform: { cpuArchitecture: ecs.CpuArchitecture.ARM64, operatingSystemFamily: ecs.OperatingSystemFamily.LINUX },
  });

  readiness.addTier(sessions.forEvent(options.peaks?.sessions ?? { capacity: AcuRange.between(2, 32), extraReaders: 1 }));
  readiness.addTier(orders.forEvent(options.peaks?.orders ?? {
    peakInstanceType: ec2.InstanceType.of(ec2.InstanceClass.R7G, ec2.InstanceSize.XLARGE8),
    eventReplicas: 1,
  }));
  readiness.addTier(catalog.forEvent(options.peaks?.catalog
    ?? { provisionedConcurrency: 200, maxReadRequestUnits: 24000, peakReadRequestUnits: 20000 }));
  readiness.addTier(ordersApi.forEvent(options.peaks?.ordersApi ?? { minimumTaskCount: 40, maximumTaskCount: 120 }));
  return { shop, readiness, sessions, orders, catalog, ordersApi };
}
