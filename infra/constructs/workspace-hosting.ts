/**
 * Workspace hosting and registration.
 *
 * Hosting: the built app (workspace/dist/) in a private S3 bucket behind CloudFront with origin access
 * control (the bucket admits only this distribution: SourceArn), HTTPS only (TLS 1.2+ with a custom domain),
 * and security headers on every answer: HSTS, nosniff, a strict referrer policy and a CSP whose
 * `frame-ancestors` lists only the instance's agent workspace domains (https://<alias>.my.connect.aws and
 * https://<alias>.awsapps.com), so no other site can frame the app. X-Frame-Options is not sent: it cannot
 * allow a named origin (ALLOW-FROM is obsolete) and CSP frame-ancestors supersedes it.
 *
 * Registration: an AppIntegrations application (access URL = the app's page, the namespace, the contact
 * and agent permissions the app uses) associated with the instance (AWS::Connect::IntegrationAssociation,
 * type APPLICATION); security profiles grant it (infra/constructs/agents.ts).
 */
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as appintegrations from 'aws-cdk-lib/aws-appintegrations';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as connect from 'aws-cdk-lib/aws-connect';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { WorkspaceConfig } from '#shared/config/schema.ts';
import type { ConnectInstance } from './connect-instance.ts';

/**
 * What the app asks Connect for (https://docs.aws.amazon.com/connect/latest/adminguide/3p-apps-events-requests.html):
 * the agent's name and configuration (quick connects), the contact's details, the customer's number and the
 * contact attributes (screen pop, transfer context).
 */
export const WORKSPACE_APP_PERMISSIONS = [
  'User.Details.View',
  'User.Configuration.View',
  'Contact.Details.View',
  'Contact.CustomerDetails.View',
  'Contact.Attributes.View',
] as const;

/** The instance's agent-workspace origins: the only pages allowed to frame the app. */
export const instanceDomains = (alias: string) => [
  `https://${alias}.my.connect.aws`,
  `https://${alias}.awsapps.com`,
];

export function workspaceCsp(alias: string, region: string, cognitoDomain: string): string {
  const frames = instanceDomains(alias).join(' ');
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    // The agent API (execute-api) and the user pool's token endpoint.
    `connect-src 'self' https://*.execute-api.${region}.amazonaws.com ${cognitoDomain}`,
    // The Streams page embeds the instance's CCP.
    `frame-src ${frames}`,
    `frame-ancestors ${frames}`,
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
  ].join('; ');
}

export interface WorkspaceHostingProps {
  readonly workspace: WorkspaceConfig;
  readonly instanceAlias: string;
  /** The user pool's domain (https://<prefix>.auth.<region>.amazoncognito.com), for the CSP. */
  readonly cognitoDomain: string;
  readonly accessLogs: s3.IBucket;
}

export class WorkspaceHosting extends Construct {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  readonly headers: cloudfront.ResponseHeadersPolicy;
  /** https://<domain> of the app (custom domain or the distribution's). */
  readonly origin: string;

  constructor(scope: Construct, id: string, props: WorkspaceHostingProps) {
    super(scope, id);
    const { workspace } = props;
    // Static, public app code (no personal data): S3-managed encryption keeps the OAC origin simple.
    this.bucket = new s3.Bucket(this, 'Assets', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: 'workspace-assets/',
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: false,
    });
    this.headers = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Santral workspace: CSP (frame-ancestors = the instance only), HSTS, nosniff, referrer policy',
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          contentSecurityPolicy: workspaceCsp(
            props.instanceAlias,
            Stack.of(this).region,
            props.cognitoDomain,
          ),
          override: true,
        },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(365),
          includeSubdomains: true,
          preload: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        referrerPolicy: {
          referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
          override: true,
        },
      },
    });
    const certificate = workspace.domain
      ? acm.Certificate.fromCertificateArn(this, 'Certificate', workspace.domain.certificateArn)
      : undefined;
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'Santral agent workspace app',
      defaultRootObject: 'connect.html',
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: this.headers,
      },
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
      ...(workspace.domain && certificate ? { domainNames: [workspace.domain.name], certificate } : {}),
      enableLogging: true,
      logBucket: props.accessLogs,
      logFilePrefix: 'workspace-cdn/',
    });
    this.origin = `https://${workspace.domain?.name ?? this.distribution.distributionDomainName}`;
    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason:
          'Agents work from wherever the contact center staffs them; the app is static code and every API call needs an agent’s token.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason:
          'The distribution serves only static, public app code; the data path is the agent API, which authorises each request with a JWT and is throttled.',
      },
      ...(workspace.domain
        ? []
        : [
            {
              id: 'AwsSolutions-CFR4',
              reason:
                'Without a custom domain CloudFront serves its default *.cloudfront.net certificate, whose security policy cannot be set; configure workspace.domain for TLS 1.2+ (then this finding does not apply).',
            },
          ]),
    );
  }
}

export interface WorkspaceRegistrationProps {
  readonly workspace: WorkspaceConfig;
  readonly instance: ConnectInstance;
  /** The app's page inside the agent workspace (https://…/connect.html). */
  readonly accessUrl: string;
  readonly stage: string;
}

export class WorkspaceRegistration extends Construct {
  readonly application: appintegrations.CfnApplication;
  readonly association: connect.CfnIntegrationAssociation;

  constructor(scope: Construct, id: string, props: WorkspaceRegistrationProps) {
    super(scope, id);
    this.application = new appintegrations.CfnApplication(this, 'Application', {
      name: `Santral workspace ${props.stage}`,
      namespace: props.workspace.namespace,
      description:
        'Santral agent workspace: customer card, notes, wrap-up, do-not-call, transfer with context',
      applicationSourceConfig: { externalUrlConfig: { accessUrl: props.accessUrl } },
      permissions: [...WORKSPACE_APP_PERMISSIONS],
    });
    this.association = new connect.CfnIntegrationAssociation(this, 'Association', {
      instanceId: props.instance.instanceArn,
      integrationType: 'APPLICATION',
      integrationArn: this.application.attrApplicationArn,
    });
    this.association.addResourceDependency(props.instance.lastStorageConfig);
  }
}
