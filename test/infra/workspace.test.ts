/**
 * The agent workspace in the synthesized dev stack: the JWT authorizer on every contract route, CORS for the
 * app's origin only, hosting (OAC, security headers, a CSP framed only by the instance), the AppIntegrations
 * application and its association, security profiles granting it, agents as Connect and Cognito users from
 * config without passwords in the template; and the SAML variant.
 */
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { AGENT_API_ROUTES } from '#infra/constructs/agent-api.ts';
import { SUPERVISOR_API_ROUTES } from '#infra/constructs/supervisor-api.ts';
import { WORKSPACE_APP_PERMISSIONS } from '#infra/constructs/workspace-hosting.ts';
import { exampleConfig, synth } from './support.ts';

const ALIAS = 'acme-online-store-dev';
const resources = (t: Template, type: string) => Object.values(t.findResources(type));
const only = (t: Template, type: string) => {
  const all = Object.entries(t.findResources(type));
  expect(all).toHaveLength(1);
  return all[0]!;
};

describe('agent workspace (dev stack)', () => {
  let template: Template;
  beforeAll(() => {
    template = synth(exampleConfig('dev')).template;
  });

  it('every contract route needs a JWT from the workspace user pool (issuer) for its app client (audience)', () => {
    const [authorizerId, authorizer] = only(template, 'AWS::ApiGatewayV2::Authorizer');
    const [poolId] = only(template, 'AWS::Cognito::UserPool');
    const [clientId] = only(template, 'AWS::Cognito::UserPoolClient');
    expect(authorizer['Properties']).toMatchObject({
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Audience: [{ Ref: clientId }],
        Issuer: { 'Fn::Join': ['', ['https://cognito-idp.us-east-1.amazonaws.com/', { Ref: poolId }]] },
      },
    });
    const routes = resources(template, 'AWS::ApiGatewayV2::Route').map((r) => r['Properties']);
    // The contract's routes and the supervisor console's (test/infra/supervisor-api.test.ts), on one API.
    expect(routes.map((r) => r['RouteKey']).sort()).toEqual(
      [...AGENT_API_ROUTES, ...SUPERVISOR_API_ROUTES].map((r) => `${r.method} ${r.path}`).sort(),
    );
    for (const r of routes)
      expect(r).toMatchObject({ AuthorizationType: 'JWT', AuthorizerId: { Ref: authorizerId } });
  });

  it('CORS allows only the app’s origin (the CloudFront distribution), with the methods and headers the app sends', () => {
    const [distributionId] = only(template, 'AWS::CloudFront::Distribution');
    const [, api] = only(template, 'AWS::ApiGatewayV2::Api');
    expect(api['Properties']['CorsConfiguration']).toEqual({
      AllowOrigins: [{ 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId, 'DomainName'] }]] }],
      AllowMethods: ['GET', 'PUT', 'POST'],
      AllowHeaders: ['authorization', 'content-type'],
      MaxAge: 3600,
    });
  });

  it('the stage logs access and is throttled', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      AccessLogSettings: { DestinationArn: Match.anyValue() },
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
    });
  });

  it('hosting: CSP frame-ancestors is only the instance’s domains; HSTS, nosniff, referrer policy', () => {
    const [, policy] = only(template, 'AWS::CloudFront::ResponseHeadersPolicy');
    const headers = policy['Properties']['ResponseHeadersPolicyConfig']['SecurityHeadersConfig'];
    const csp: string = headers['ContentSecurityPolicy']['ContentSecurityPolicy'];
    const directives = new Map(
      csp.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)] as [string, string[]]),
    );
    expect(directives.get('frame-ancestors')).toEqual([
      `https://${ALIAS}.my.connect.aws`,
      `https://${ALIAS}.awsapps.com`,
    ]);
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(headers).toMatchObject({
      ContentSecurityPolicy: { Override: true },
      StrictTransportSecurity: { AccessControlMaxAgeSec: 31536000, IncludeSubdomains: true, Override: true },
      ContentTypeOptions: { Override: true },
      ReferrerPolicy: { ReferrerPolicy: 'strict-origin-when-cross-origin' },
    });
    expect(headers['FrameOptions']).toBeUndefined();
  });

  it('hosting: a private bucket read by this distribution only, through origin access control, HTTPS only', () => {
    const [oacId, oac] = only(template, 'AWS::CloudFront::OriginAccessControl');
    expect(oac['Properties']['OriginAccessControlConfig']).toMatchObject({
      OriginAccessControlOriginType: 's3',
      SigningBehavior: 'always',
      SigningProtocol: 'sigv4',
    });
    const [distributionId, distribution] = only(template, 'AWS::CloudFront::Distribution');
    const config = distribution['Properties']['DistributionConfig'];
    expect(config['Origins'][0]).toMatchObject({
      OriginAccessControlId: { 'Fn::GetAtt': [oacId, 'Id'] },
      S3OriginConfig: { OriginAccessIdentity: '' },
    });
    expect(config['DefaultCacheBehavior']['ViewerProtocolPolicy']).toBe('redirect-to-https');
    const policies = resources(template, 'AWS::S3::BucketPolicy').map(
      (p) => p['Properties']['PolicyDocument']['Statement'],
    );
    expect(policies.flat()).toContainEqual(
      expect.objectContaining({
        Action: 's3:GetObject',
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Condition: {
          StringEquals: {
            'AWS:SourceArn': {
              'Fn::Join': [
                '',
                [
                  'arn:',
                  { Ref: 'AWS::Partition' },
                  ':cloudfront::',
                  { Ref: 'AWS::AccountId' },
                  ':distribution/',
                  { Ref: distributionId },
                ],
              ],
            },
          },
        },
      }),
    );
  });

  it('registers the app: AppIntegrations application with its access URL, namespace and permissions, associated with the instance', () => {
    const [appId, app] = only(template, 'AWS::AppIntegrations::Application');
    const [distributionId] = only(template, 'AWS::CloudFront::Distribution');
    expect(app['Properties']).toMatchObject({
      Namespace: 'santral-workspace',
      Permissions: [...WORKSPACE_APP_PERMISSIONS],
      ApplicationSourceConfig: {
        ExternalUrlConfig: {
          AccessUrl: {
            'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId, 'DomainName'] }, '/connect.html']],
          },
        },
      },
    });
    template.hasResourceProperties('AWS::Connect::IntegrationAssociation', {
      IntegrationType: 'APPLICATION',
      IntegrationArn: { 'Fn::GetAtt': [appId, 'ApplicationArn'] },
    });
  });

  it('security profiles grant the app (ACCESS) after it is associated', () => {
    const profiles = Object.entries(template.findResources('AWS::Connect::SecurityProfile'));
    expect(profiles.map(([, p]) => p['Properties']['SecurityProfileName']).sort()).toEqual([
      'Agent',
      'Supervisor',
    ]);
    const [associationId] = Object.entries(
      template.findResources('AWS::Connect::IntegrationAssociation'),
    ).find(([, a]) => a['Properties']['IntegrationType'] === 'APPLICATION')!;
    for (const [, p] of profiles) {
      expect(p['Properties']['Applications']).toEqual([
        { Namespace: 'santral-workspace', ApplicationPermissions: ['ACCESS'] },
      ]);
      expect(p['DependsOn']).toContain(associationId);
    }
  });

  it('agents from config become Connect users (routing, security profile, hierarchy) with generated-secret passwords', () => {
    const users = resources(template, 'AWS::Connect::User').map((u) => u['Properties']);
    expect(users.map((u) => u['Username']).sort()).toEqual(['ayse', 'john', 'li', 'maria']);
    const ayse = users.find((u) => u['Username'] === 'ayse')!;
    expect(ayse).toMatchObject({
      IdentityInfo: { FirstName: 'Ayşe', LastName: 'Yılmaz', Email: 'ayse@example.com' },
      PhoneConfig: { PhoneType: 'SOFT_PHONE', AfterContactWorkTimeLimit: 120 },
      RoutingProfileArn: {
        'Fn::GetAtt': [expect.stringMatching(/^RoutingRoutingProfileTurkishCare/), 'RoutingProfileArn'],
      },
      SecurityProfileArns: [
        { 'Fn::GetAtt': [expect.stringMatching(/^AgentsSecurityProfileAgent/), 'SecurityProfileArn'] },
      ],
      HierarchyGroupArn: {
        'Fn::GetAtt': [expect.stringMatching(/^AgentsHierarchyGroupIstanbulTeam/), 'UserHierarchyGroupArn'],
      },
    });
    for (const u of users) {
      // A dynamic reference CloudFormation resolves at deploy time: no password text in the template.
      expect(u['Password']).toEqual({
        'Fn::Join': [
          '',
          [
            '{{resolve:secretsmanager:',
            { Ref: expect.stringMatching(/^AgentsPassword/) },
            ':SecretString:::}}',
          ],
        ],
      });
    }
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: { PasswordLength: 32, RequireEachIncludedType: true, ExcludePunctuation: true },
      KmsKeyId: Match.anyValue(),
    });
  });

  it('statuses, the hierarchy (structure + nested groups) and USER quick connects come from config', () => {
    template.hasResourceProperties('AWS::Connect::AgentStatus', {
      Name: 'Break',
      State: 'ENABLED',
      Type: 'CUSTOM',
      DisplayOrder: 3,
    });
    template.hasResourceProperties('AWS::Connect::UserHierarchyStructure', {
      UserHierarchyStructure: { LevelOne: { Name: 'Site' }, LevelTwo: { Name: 'Team' } },
    });
    const groups = resources(template, 'AWS::Connect::UserHierarchyGroup').map((g) => g['Properties']);
    expect(groups.find((g) => g['Name'] === 'Istanbul Team')).toMatchObject({
      ParentGroupArn: {
        'Fn::GetAtt': [
          expect.stringMatching(/^AgentsHierarchyGroupIstanbul[0-9A-F]{8}$/),
          'UserHierarchyGroupArn',
        ],
      },
    });
    expect(groups.find((g) => g['Name'] === 'Istanbul')?.['ParentGroupArn']).toBeUndefined();
    const quick = resources(template, 'AWS::Connect::QuickConnect').map((q) => q['Properties']);
    expect(quick.find((q) => q['Name'] === 'To Ayse')).toMatchObject({
      QuickConnectConfig: {
        QuickConnectType: 'USER',
        UserConfig: {
          UserArn: { 'Fn::GetAtt': [expect.stringMatching(/^AgentsUserAyse/), 'UserArn'] },
          ContactFlowArn: expect.anything(),
        },
      },
    });
  });

  it('Cognito: the same agents, invited without a password; groups agent/supervisor; MFA required; public PKCE client', () => {
    const users = resources(template, 'AWS::Cognito::UserPoolUser').map((u) => u['Properties']);
    expect(users.map((u) => u['Username']).sort()).toEqual(['ayse', 'john', 'li', 'maria']);
    for (const u of users) {
      expect(u['TemporaryPassword']).toBeUndefined();
      expect(u['DesiredDeliveryMediums']).toEqual(['EMAIL']);
    }
    const memberships = resources(template, 'AWS::Cognito::UserPoolUserToGroupAttachment').map(
      (a) => `${a['Properties']['Username']}:${a['Properties']['GroupName']}`,
    );
    expect(memberships.sort()).toEqual([
      'ayse:agent',
      'john:agent',
      'li:agent',
      'maria:agent',
      'maria:supervisor',
    ]);
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'ON',
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
    });
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: ['openid', 'profile'],
      SupportedIdentityProviders: ['COGNITO'],
    });
    expect(JSON.stringify(template.toJSON())).not.toMatch(/"(Temporary)?Password":\s*"[^{]/);
  });
});

describe('agent workspace with SAML identity', () => {
  let template: Template;
  beforeAll(() => {
    const config = exampleConfig('dev');
    config.workspace = {
      ...config.workspace!,
      identity: 'SAML',
      saml: { providerName: 'Corp', metadataUrl: 'https://idp.example.com/metadata.xml' },
    };
    template = synth(config).template;
  });

  it('federates the user pool to the IdP, maps NameID to preferred_username and creates no local users', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolIdentityProvider', {
      ProviderName: 'Corp',
      ProviderType: 'SAML',
      ProviderDetails: { MetadataURL: 'https://idp.example.com/metadata.xml' },
      AttributeMapping: Match.objectLike({
        preferred_username: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier',
      }),
    });
    const [idpId] = only(template, 'AWS::Cognito::UserPoolIdentityProvider');
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      SupportedIdentityProviders: [{ Ref: idpId }],
    });
    expect(resources(template, 'AWS::Cognito::UserPoolUser')).toEqual([]);
  });

  it('Connect users of a SAML workspace get no password', () => {
    for (const u of resources(template, 'AWS::Connect::User'))
      expect(u['Properties']['Password']).toBeUndefined();
    expect(resources(template, 'AWS::SecretsManager::Secret')).toEqual([]);
  });
});
