/**
 * Workspace identity: how agents sign in to the workspace app and its API. AWS asks third-party apps in the
 * agent workspace to bring their own authentication, ideally from the instance's identity provider
 * (https://docs.aws.amazon.com/connect/latest/adminguide/3p-apps.html), so:
 * - CONNECT_MANAGED instances: a Cognito user pool holding the same agents as code (users from config, user
 *   name = the Connect login, no password anywhere: Cognito creates each user and e-mails an invitation with
 *   a temporary password it generates — AdminCreateUser without TemporaryPassword).
 * - SAML instances: the same pool federated to the instance's IdP (metadata URL or file from config); agents
 *   sign in at the IdP and the NameID is mapped to `preferred_username` (= the Connect login), which the
 *   app client cannot write. No local users are created.
 * Groups `agent` and `supervisor` become the token's `cognito:groups`. One public app client (no secret)
 * for the browser's authorization-code + PKCE flow, tokens valid one hour.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { REPO_ROOT } from '#shared/config/load.ts';
import type { AgentConfig, WorkspaceConfig } from '#shared/config/schema.ts';

export interface WorkspaceIdentityProps {
  readonly identity: 'CONNECT_MANAGED' | 'SAML';
  readonly workspace: WorkspaceConfig;
  readonly agents: readonly AgentConfig[];
  /** Cognito domain prefix (globally unique in the Region). */
  readonly domainPrefix: string;
  /** Where the app may be redirected after sign-in (the hosted app's pages). */
  readonly callbackUrls: readonly string[];
  readonly production: boolean;
}

export class WorkspaceIdentity extends Construct {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;
  readonly domain: cognito.UserPoolDomain;
  /** The JWT issuer the API's authorizer trusts. */
  readonly issuer: string;

  constructor(scope: Construct, id: string, props: WorkspaceIdentityProps) {
    super(scope, id);
    const { identity, workspace } = props;
    if (identity === 'SAML' && !workspace.saml)
      throw new Error('WorkspaceIdentity: SAML identity needs workspace.saml (the IdP metadata)');

    this.userPool = new cognito.UserPool(this, 'UserPool', {
      // Agents are created from config (or federated); nobody signs themselves up.
      selfSignUpEnabled: false,
      signInAliases: { username: true },
      signInCaseSensitive: false,
      standardAttributes: {
        email: { required: identity === 'CONNECT_MANAGED', mutable: true },
        fullname: { required: false, mutable: true },
        locale: { required: false, mutable: true },
        preferredUsername: { required: false, mutable: true },
      },
      passwordPolicy: {
        minLength: 14,
        requireDigits: true,
        requireLowercase: true,
        requireUppercase: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      // Agents see customer data: a second factor (TOTP) for every local user; SAML users get it from their IdP.
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: props.production,
      removalPolicy: props.production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    this.issuer = `https://cognito-idp.${Stack.of(this).region}.amazonaws.com/${this.userPool.userPoolId}`;

    const providers: cognito.UserPoolClientIdentityProvider[] = [];
    if (identity === 'SAML' && workspace.saml) {
      const saml = workspace.saml;
      const metadata = saml.metadataUrl
        ? cognito.UserPoolIdentityProviderSamlMetadata.url(saml.metadataUrl)
        : cognito.UserPoolIdentityProviderSamlMetadata.file(
            readFileSync(
              isAbsolute(saml.metadataFile ?? '')
                ? (saml.metadataFile ?? '')
                : join(REPO_ROOT, saml.metadataFile ?? ''),
              'utf8',
            ),
          );
      const idp = new cognito.UserPoolIdentityProviderSaml(this, 'Saml', {
        userPool: this.userPool,
        name: saml.providerName,
        metadata,
        attributeMapping: {
          // The IdP's NameID is the agent's login (the same user name the instance federates as).
          preferredUsername: cognito.ProviderAttribute.other(
            'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier',
          ),
          email: cognito.ProviderAttribute.other(
            'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress',
          ),
          fullname: cognito.ProviderAttribute.other(
            'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name',
          ),
        },
      });
      providers.push(cognito.UserPoolClientIdentityProvider.custom(idp.providerName));
    } else {
      providers.push(cognito.UserPoolClientIdentityProvider.COGNITO);
    }

    this.client = this.userPool.addClient('WorkspaceClient', {
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.PROFILE],
        callbackUrls: [...props.callbackUrls],
        logoutUrls: [...props.callbackUrls],
      },
      supportedIdentityProviders: providers,
      preventUserExistenceErrors: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
      enableTokenRevocation: true,
      // The login claims come from config or the IdP, never from the user.
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ locale: true }),
    });
    for (const p of this.userPool.identityProviders) this.client.node.addDependency(p);

    this.domain = this.userPool.addDomain('Domain', {
      cognitoDomain: { domainPrefix: props.domainPrefix },
      managedLoginVersion: cognito.ManagedLoginVersion.NEWER_MANAGED_LOGIN,
    });
    new cognito.CfnManagedLoginBranding(this, 'ManagedLoginBranding', {
      userPoolId: this.userPool.userPoolId,
      clientId: this.client.userPoolClientId,
      useCognitoProvidedValues: true,
    });

    const groups = {
      agent: new cognito.CfnUserPoolGroup(this, 'AgentGroup', {
        userPoolId: this.userPool.userPoolId,
        groupName: 'agent',
        description: 'Santral agents: the workspace app and the agent API',
      }),
      supervisor: new cognito.CfnUserPoolGroup(this, 'SupervisorGroup', {
        userPoolId: this.userPool.userPoolId,
        groupName: 'supervisor',
        description: 'Santral supervisors: supervisor routes of the agent API',
      }),
    };
    if (identity === 'SAML') return;
    for (const agent of props.agents) {
      const id = agent.login.replace(/[^A-Za-z0-9]/g, '');
      const user = new cognito.CfnUserPoolUser(this, `User${id}`, {
        userPoolId: this.userPool.userPoolId,
        username: agent.login,
        // No TemporaryPassword: Cognito generates one and sends the invitation (never in the template).
        desiredDeliveryMediums: ['EMAIL'],
        userAttributes: [
          { name: 'email', value: agent.email },
          { name: 'email_verified', value: 'true' },
          { name: 'name', value: `${agent.firstName} ${agent.lastName}` },
          { name: 'locale', value: agent.locale ?? (agent.languages[0]?.startsWith('tr') ? 'tr' : 'en') },
        ],
      });
      const memberships = agent.supervisor ? (['agent', 'supervisor'] as const) : (['agent'] as const);
      for (const g of memberships) {
        const attach = new cognito.CfnUserPoolUserToGroupAttachment(this, `User${id}In${g}`, {
          userPoolId: this.userPool.userPoolId,
          username: agent.login,
          groupName: g,
        });
        attach.addResourceDependency(user);
        attach.addResourceDependency(groups[g]);
      }
    }
  }
}
