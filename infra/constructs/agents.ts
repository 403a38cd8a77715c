/**
 * Agents as code: security profiles (granted the workspace app through `Applications`), agent statuses, the
 * user hierarchy (structure + groups) and the Connect users, all from config; `userArn(login)` for USER
 * quick connects (transfer-to-agent).
 *
 * Passwords: for a CONNECT_MANAGED instance Connect requires one on CreateUser (AWS::Connect::User
 * `Password`, "required for CONNECT_MANAGED identity management"). It never appears in config or in the
 * template: each agent gets a Secrets Manager secret with a generated password (KMS: the center key), and
 * the user's Password is a `{{resolve:secretsmanager:…}}` dynamic reference that CloudFormation resolves
 * at deploy time (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references-secretsmanager.html).
 * An admin hands the initial password over (or resets it in Connect); SAML instances get no password.
 */
import { Validations } from 'aws-cdk-lib';
import * as connect from 'aws-cdk-lib/aws-connect';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { ContactCenterConfig } from '#shared/config/schema.ts';
import type { ConnectInstance } from './connect-instance.ts';
import { pascal } from './data-stores.ts';
import type { Routing } from './routing.ts';

export interface AgentsProps {
  readonly config: Pick<
    ContactCenterConfig,
    'agents' | 'securityProfiles' | 'agentStatuses' | 'hierarchyLevels' | 'hierarchyGroups' | 'stage'
  >;
  readonly instance: ConnectInstance;
  readonly routing: Routing;
  /** CONNECT_MANAGED users need a (generated) password; SAML users must not have one. */
  readonly identity: 'CONNECT_MANAGED' | 'SAML';
  readonly key: kms.IKey;
  /** The workspace app's namespace and the resource that makes it usable on the instance (its association). */
  readonly workspaceApp?: { namespace: string; association: Construct };
}

const LEVELS = ['levelOne', 'levelTwo', 'levelThree', 'levelFour', 'levelFive'] as const;

export class Agents extends Construct {
  readonly securityProfiles = new Map<string, connect.CfnSecurityProfile>();
  readonly hierarchyGroups = new Map<string, connect.CfnUserHierarchyGroup>();
  readonly users = new Map<string, connect.CfnUser>();
  readonly passwords = new Map<string, secretsmanager.Secret>();

  constructor(scope: Construct, id: string, props: AgentsProps) {
    super(scope, id);
    const { config, instance, routing } = props;
    const instanceArn = instance.instanceArn;

    for (const sp of config.securityProfiles) {
      const res = new connect.CfnSecurityProfile(this, `SecurityProfile${pascal(sp.name)}`, {
        instanceArn,
        securityProfileName: sp.name,
        description: sp.description ?? sp.name,
        permissions: sp.permissions,
        ...(sp.workspaceApp && props.workspaceApp
          ? {
              // Only the ACCESS permission exists for applications (Connect API: Application.ApplicationPermissions).
              applications: [{ namespace: props.workspaceApp.namespace, applicationPermissions: ['ACCESS'] }],
            }
          : {}),
      });
      res.addResourceDependency(instance.lastStorageConfig);
      if (sp.workspaceApp && props.workspaceApp) res.node.addDependency(props.workspaceApp.association);
      this.securityProfiles.set(sp.name, res);
    }

    config.agentStatuses.forEach((s) => {
      new connect.CfnAgentStatus(this, `Status${pascal(s.name)}`, {
        instanceArn,
        name: s.name,
        description: s.description ?? s.name,
        state: s.state,
        type: 'CUSTOM',
        ...(s.displayOrder !== undefined ? { displayOrder: s.displayOrder } : {}),
      });
    });

    let structure: connect.CfnUserHierarchyStructure | undefined;
    if (config.hierarchyLevels.length > 0) {
      structure = new connect.CfnUserHierarchyStructure(this, 'HierarchyStructure', {
        instanceArn,
        userHierarchyStructure: Object.fromEntries(
          config.hierarchyLevels.map((name, i) => [LEVELS[i]!, { name }]),
        ),
      });
    }
    // Parents first (the config check guarantees no cycles and known parents).
    const pending = [...config.hierarchyGroups];
    while (pending.length > 0) {
      const i = pending.findIndex((g) => g.parent === undefined || this.hierarchyGroups.has(g.parent));
      if (i < 0) throw new Error('Agents: hierarchy groups reference unknown parents or form a cycle');
      const g = pending.splice(i, 1)[0]!;
      const parent = g.parent ? this.hierarchyGroups.get(g.parent) : undefined;
      const res = new connect.CfnUserHierarchyGroup(this, `HierarchyGroup${pascal(g.name)}`, {
        instanceArn,
        name: g.name,
        ...(parent ? { parentGroupArn: parent.attrUserHierarchyGroupArn } : {}),
      });
      if (structure) res.addResourceDependency(structure);
      this.hierarchyGroups.set(g.name, res);
    }

    for (const agent of config.agents) {
      const id = pascal(agent.login);
      const profile = this.securityProfiles.get(agent.securityProfile);
      const rp = routing.routingProfiles.get(agent.routingProfile);
      if (!profile || !rp)
        throw new Error(`Agents: agent "${agent.login}" names an unknown security or routing profile`);
      let password: string | undefined;
      if (props.identity === 'CONNECT_MANAGED') {
        const secret = new secretsmanager.Secret(this, `Password${id}`, {
          description: `Initial Connect password of agent ${agent.login} (Santral ${config.stage})`,
          encryptionKey: props.key,
          generateSecretString: {
            // Connect: 8–64 characters with upper case, lower case and a digit.
            passwordLength: 32,
            requireEachIncludedType: true,
            excludePunctuation: true,
          },
        });
        Validations.of(secret).acknowledge({
          id: 'AwsSolutions-SMG4',
          reason:
            'An initial Connect password: Connect has no rotation integration for user passwords; the agent changes it at first sign-in and the secret is not used again.',
        });
        this.passwords.set(agent.login, secret);
        password = secret.secretValue.unsafeUnwrap(); // a {{resolve:secretsmanager:…}} reference, not the value
      }
      const group = agent.hierarchyGroup ? this.hierarchyGroups.get(agent.hierarchyGroup) : undefined;
      const user = new connect.CfnUser(this, `User${id}`, {
        instanceArn,
        username: agent.login,
        ...(password ? { password } : {}),
        identityInfo: { firstName: agent.firstName, lastName: agent.lastName, email: agent.email },
        phoneConfig: {
          phoneType: 'SOFT_PHONE',
          afterContactWorkTimeLimit: agent.afterContactWorkSeconds,
          autoAccept: false,
        },
        routingProfileArn: rp.attrRoutingProfileArn,
        securityProfileArns: [profile.attrSecurityProfileArn],
        ...(group ? { hierarchyGroupArn: group.attrUserHierarchyGroupArn } : {}),
      });
      this.users.set(agent.login, user);
    }
  }

  userArn(login: string): string {
    const u = [...this.users.entries()].find(([l]) => l.toLowerCase() === login.toLowerCase())?.[1];
    if (!u) throw new Error(`unknown agent "${login}"; defined: ${[...this.users.keys()].join(', ')}`);
    return u.attrUserArn;
  }
}
