/**
 * AWS managed policies a Lambda user attaches to execution roles, as AWS publishes them (IAM's ListPolicies and
 * GetPolicyVersion for each default version; the AWS Managed Policy Reference), in AWS's listing order: creation.
 * Data only: they are listed, read and attached like customer policies, but never stored and never changed.
 */
import type { PolicyDocument } from '../policy/policy-document.js';

export interface AwsManagedPolicy {
  name: string;
  path: string;
  policyId: string;
  description: string;
  defaultVersionId: string;
  /** ISO 8601, as IAM reports them. */
  createDate: string;
  /** When the default version was published. */
  updateDate: string;
  document: PolicyDocument;
}

export const AWS_MANAGED_POLICIES: readonly AwsManagedPolicy[] = [
  {
    name: 'AdministratorAccess', path: '/', policyId: 'ANPAIWMBCKSKIEE64ZLYK',
    description: 'Provides full access to AWS services and resources.',
    defaultVersionId: 'v1', createDate: '2015-02-06T18:39:46Z', updateDate: '2015-02-06T18:39:46Z',
    document: {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: '*', Resource: '*' },
      ],
    },
  },
  {
    name: 'CloudWatchLogsFullAccess', path: '/', policyId: 'ANPAJ3ZGNWK2R5HW5BQFO',
    description: 'Provides full access to CloudWatch Logs',
    defaultVersionId: 'v8', createDate: '2015-02-06T18:40:02Z', updateDate: '2026-02-12T18:00:33Z',
    document: {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'CloudWatchLogsFullAccess',
          Effect: 'Allow',
          Action: [
            'logs:*', 'cloudwatch:GenerateQuery', 'cloudwatch:GenerateQueryResultsSummary',
            'observabilityadmin:GetS3TableIntegration', 'observabilityadmin:ListS3TableIntegrations',
            'observabilityadmin:ListTelemetryPipelines',
          ],
          Resource: '*',
        },
      ],
    },
  },
  {
    name: 'CloudWatchLogsReadOnlyAccess', path: '/', policyId: 'ANPAJ2YIYDYSNNEHK3VKW',
    description: 'Provides read only access to CloudWatch Logs',
    defaultVersionId: 'v12', createDate: '2015-02-06T18:40:03Z', updateDate: '2026-02-12T17:59:13Z',
    document: {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'CloudWatchLogsReadOnlyAccess',
          Effect: 'Allow',
          Action: [
            'logs:Describe*', 'logs:Get*', 'logs:List*', 'logs:StartQuery', 'logs:StopQuery',
            'logs:TestMetricFilter', 'logs:FilterLogEvents', 'logs:StartLiveTail', 'logs:StopLiveTail',
            'cloudwatch:GenerateQuery', 'cloudwatch:GenerateQueryResultsSummary',
            'observabilityadmin:ListS3TableIntegrations', 'observabilityadmin:GetS3TableIntegration',
            'observabilityadmin:ListTelemetryPipelines',
          ],
          Resource: '*',
        },
      ],
    },
  },
  {
    name: 'AWSLambdaExecute', path: '/', policyId: 'ANPAJE5FX7FQZSU5XAKGO',
    description: 'Provides Put, Get access to S3 and full access to CloudWatch Logs.',
    defaultVersionId: 'v1', createDate: '2015-02-06T18:40:46Z', updateDate: '2015-02-06T18:40:46Z',
    document: {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: ['logs:*'], Resource: 'arn:aws:logs:*:*:*' },
        { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: 'arn:aws:s3:::*' },
      ],
    },
  },
  {
    name: 'AmazonS3FullAccess', path: '/', policyId: 'ANPAIFIR6V6BVTRAHWINE',
    description: 'Provides full access to all buckets via the AWS Management Console.',
    defaultVersionId: 'v2', createDate: '2015-02-06T18:40:58Z', updateDate: '2021-09-27T20:16:37Z',
    document: {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: ['s3:*', 's3-object-lambda:*'], Resource: '*' },
      ],
    },
  },
  {
    name: 'AmazonS3ReadOnlyAccess', path: '/', policyId: 'ANPAIZTJ4DXE7G6AGAE6M',
    description: 'Provides read only access to all buckets via the AWS Management Console.',
    defaultVersionId: 'v3', createDate: '2015-02-06T18:40:59Z', updateDate: '2023-08-10T21:31:39Z',
    document: {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: [
            's3:Get*', 's3:List*', 's3:Describe*', 's3-object-lambda:Get*', 's3-object-lambda:List*',
          ],
          Resource: '*',
        },
      ],
    },
  },
  {
    name: 'AmazonSNSFullAccess', path: '/', policyId: 'ANPAJWEKLCXXUNT2SOLSG',
    description: 'Provides full access to Amazon SNS via the AWS Management Console.',
    defaultVersionId: 'v2', createDate: '2015-02-06T18:41:05Z', updateDate: '2024-09-24T22:32:05Z',
    document: {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'SNSFullAccess', Effect: 'Allow', Action: 'sns:*', Resource: '*' },
        {
          Sid: 'SMSAccessViaSNS',
          Effect: 'Allow',
          Action: [
            'sms-voice:DescribeVerifiedDestinationNumbers', 'sms-voice:CreateVerifiedDestinationNumber',
            'sms-voice:SendDestinationNumberVerificationCode', 'sms-voice:SendTextMessage',
            'sms-voice:DeleteVerifiedDestinationNumber', 'sms-voice:VerifyDestinationNumber',
            'sms-voice:DescribeAccountAttributes', 'sms-voice:DescribeSpendLimits', 'sms-voice:DescribePhoneNumbers',
            'sms-voice:SetTextMessageSpendLimitOverride', 'sms-voice:DescribeOptedOutNumbers',
            'sms-voice:DeleteOptedOutNumber',
          ],
          Resource: '*',
          Condition: { StringEquals: { "aws:CalledViaLast": 'sns.amazonaws.com' } },
        },
      ],
    },
  },
  {
    name: 'AmazonSNSReadOnlyAccess', path: '/', policyId: 'ANPAIZGQCQTFOFPMHSB6W',
    description: 'Provides read only access to Amazon SNS via the AWS Management Console.',
    defaultVersionId: 'v2', createDate: '2015-02-06T18:41:06Z', updateDate: '2024-09-24T22:13:12Z',
    document: {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'SNSReadOnlyAccess',
          Effect: 'Allow',
          Action: [
            'sns:GetTopicAttributes', 'sns:List*', 'sns:CheckIfPhoneNumberIsOptedOut', 'sns:GetEndpointAttributes',
            'sns:GetDataProtectionPolicy', 'sns:GetPlatformApplicationAttributes', 'sns:GetSMSAttributes',
            'sns:GetSMSSandboxAccountStatus', 'sns:GetSubscriptionAttributes',
          ],
          Resource: '*',
        },
        {
          Sid: 'SMSAccessViaSNS',
          Effect: 'Allow',
          Action: [
            'sms-voice:DescribeVerifiedDestinationNumbers', 'sms-voice:DescribeAccountAttributes',
            'sms-voice:DescribeSpendLimits', 'sms-voice:DescribePhoneNumbers', 'sms-voice:DescribeOptedOutNumbers',
          ],
          Resource: '*',
          Condition: { StringEquals: { "aws:CalledViaLast": 'sns.amazonaws.com' } },
        },
      ],
    },
  },
  {
    name: 'AmazonSQSFullAccess', path: '/', policyId: 'ANPAI65L554VRJ33ECQS6',
    description: 'Provides full access to Amazon SQS via the AWS Management Console.',
    defaultVersionId: 'v1', createDate: '2015-02-06T18:41:07Z', updateDate: '2015-02-06T18:41:07Z',
    document: {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: ['sqs:*'], Resource: '*' },
      ],
    },
  },
  {
    name: 'AmazonSQSReadOnlyAccess', path: '/', policyId: 'ANPAIUGSSQY362XGCM6KW',
    description: 'Provides read only access to Amazon SQS via the AWS Management Console.',
    defaultVersionId: 'v4', createDate: '2015-02-06T18:41:08Z', updateDate: '2024-05-24T18:16:44Z',
    document: {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'AmazonSQSReadOnlyAccess',
          Effect: 'Allow',
          Action: [
            'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ListDeadLetterSourceQueues', 'sqs:ListQueues',
            'sqs:ListMessageMoveTasks', 'sqs:ListQueueTags',
          ],
          Resource: '*',
        },
      ],
    },
  },
  {
    name: 'AWSLambdaRole', path: '/service-role/', policyId: 'ANPAJX4DPCRGTC4NFDUXI',
    description: 'Default policy for AWS Lambda service role.',
    defaultVersionId: 'v1', createDate: '2015-02-06T18:41:28Z', updateDate: '2015-02-06T18:41:28Z',
    document: {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: ['lambda:InvokeFunction'], Resource: ['*'] },
      ],
    },
  },
  {
    name: 'AWSLambdaBasicExecutionRole', path: '/service-role/', policyId: 'ANPAJNCQGXC42545SKXIK',
    description: 'Provides write permissions to CloudWatch Logs.',
    defaultVersionId: 'v1', createDate: '2015-04-09T15:03:43Z', updateDate: '2015-04-09T15:03:43Z',
    document: {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: '*',
        },
      ],
    },
  },
  {
    name: 'AWSLambdaDynamoDBExecutionRole', path: '/service-role/', policyId: 'ANPAIP7WNAGMIPYNW4WQG',
    description: 'Provides list and read access to DynamoDB streams and write permissions to CloudWatch logs.',
    defaultVersionId: 'v1', createDate: '2015-04-09T15:09:29Z', updateDate: '2015-04-09T15:09:29Z',
    document: {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: [
            'dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams',
            'logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents',
          ],
          Resource: '*',
        },
      ],
    },
  },
  {
    name: 'AWSLambdaKinesisExecutionRole', path: '/service-role/', policyId: 'ANPAJHOLKJPXV4GBRMJUQ',
    description: 'Provides list and read access to Kinesis streams and write permissions to CloudWatch logs.',
    defaultVersionId: 'v2', createDate: '2015-04-09T15:14:16Z', updateDate: '2018-11-19T20:09:24Z',
    document: {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: [
            'kinesis:DescribeStream', 'kinesis:DescribeStreamSummary', 'kinesis:GetRecords',
            'kinesis:GetShardIterator', 'kinesis:ListShards', 'kinesis:ListStreams', 'kinesis:SubscribeToShard',
            'logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents',
          ],
          Resource: '*',
        },
      ],
    },
  },
  {
    name: 'AWSLambdaVPCAccessExecutionRole', path: '/service-role/', policyId: 'ANPAJVTME3YLVNL72YR2K',
    description: 'Provides minimum permissions for a Lambda function to execute while accessing a resource within a VPC - create, describe, delete network interfaces and write permissions to CloudWatch Logs.',
    defaultVersionId: 'v3', createDate: '2016-02-11T23:15:26Z', updateDate: '2024-01-05T22:38:26Z',
    document: {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'AWSLambdaVPCAccessExecutionPermissions',
          Effect: 'Allow',
          Action: [
            'logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents', 'ec2:CreateNetworkInterface',
            'ec2:DescribeNetworkInterfaces', 'ec2:DescribeSubnets', 'ec2:DeleteNetworkInterface',
            'ec2:AssignPrivateIpAddresses', 'ec2:UnassignPrivateIpAddresses',
          ],
          Resource: '*',
        },
      ],
    },
  },
  {
    name: 'AWSLambdaSQSQueueExecutionRole', path: '/service-role/', policyId: 'ANPAJFWJZI6JNND4TSELK',
    description: 'Provides receive message, delete message, and read attribute access to SQS queues, and write permissions to CloudWatch logs.',
    defaultVersionId: 'v1', createDate: '2018-06-14T21:50:45Z', updateDate: '2018-06-14T21:50:45Z',
    document: {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: [
            'sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'logs:CreateLogGroup',
            'logs:CreateLogStream', 'logs:PutLogEvents',
          ],
          Resource: '*',
        },
      ],
    },
  },
  {
    name: 'AWSXRayDaemonWriteAccess', path: '/', policyId: 'ANPAIOE47HSUE5AVBNEDM',
    description: 'Allow the AWS X-Ray Daemon to relay raw trace segments data to the service\'s API and retrieve sampling data (rules, targets, etc.) to be used by the X-Ray SDK.',
    defaultVersionId: 'v2', createDate: '2018-08-28T23:00:33Z', updateDate: '2024-02-13T21:58:30Z',
    document: {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'AWSXRayDaemonWriteAccess',
          Effect: 'Allow',
          Action: [
            'xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'xray:GetSamplingRules', 'xray:GetSamplingTargets',
            'xray:GetSamplingStatisticSummaries',
          ],
          Resource: ['*'],
        },
      ],
    },
  },
  {
    name: 'AmazonEventBridgeFullAccess', path: '/', policyId: 'ANPAZKAPJZG4BUM4GCASI',
    description: 'Provides full access to Amazon EventBridge.',
    defaultVersionId: 'v7', createDate: '2019-07-11T14:08:55Z', updateDate: '2026-02-12T17:58:25Z',
    document: {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'EventBridgeActions',
          Effect: 'Allow',
          Action: ['events:*', 'schemas:*', 'scheduler:*', 'pipes:*'],
          Resource: '*',
        },
        {
          Sid: 'IAMCreateServiceLinkedRoleForApiDestinations',
          Effect: 'Allow',
          Action: 'iam:CreateServiceLinkedRole',
          Resource: 'arn:aws:iam::*:role/aws-service-role/apidestinations.events.amazonaws.com/AWSServiceRoleForAmazonEventBridgeApiDestinations',
          Condition: { StringEquals: { "iam:AWSServiceName": 'apidestinations.events.amazonaws.com' } },
        },
        {
          Sid: 'IAMCreateServiceLinkedRoleForAmazonEventBridgeSchemas',
          Effect: 'Allow',
          Action: 'iam:CreateServiceLinkedRole',
          Resource: 'arn:aws:iam::*:role/aws-service-role/schemas.amazonaws.com/AWSServiceRoleForSchemas',
          Condition: { StringEquals: { "iam:AWSServiceName": 'schemas.amazonaws.com' } },
        },
        {
          Sid: 'SecretsManagerAccessForApiDestinations',
          Effect: 'Allow',
          Action: [
            'secretsmanager:CreateSecret', 'secretsmanager:UpdateSecret', 'secretsmanager:DeleteSecret',
            'secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue',
          ],
          Resource: 'arn:aws:secretsmanager:*:*:secret:events!*',
        },
        {
          Sid: 'IAMPassRoleAccessForEventBridge',
          Effect: 'Allow',
          Action: 'iam:PassRole',
          Resource: 'arn:aws:iam::*:role/*',
          Condition: { StringLike: { "iam:PassedToService": 'events.amazonaws.com' } },
        },
        {
          Sid: 'IAMPassRoleAccessForScheduler',
          Effect: 'Allow',
          Action: 'iam:PassRole',
          Resource: 'arn:aws:iam::*:role/*',
          Condition: { StringLike: { "iam:PassedToService": 'scheduler.amazonaws.com' } },
        },
        {
          Sid: 'IAMPassRoleAccessForPipes',
          Effect: 'Allow',
          Action: 'iam:PassRole',
          Resource: 'arn:aws:iam::*:role/*',
          Condition: { StringLike: { "iam:PassedToService": 'pipes.amazonaws.com' } },
        },
      ],
    },
  },
];
