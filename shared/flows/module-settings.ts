/**
 * A flow module's interface: `content.Settings` of a MODULE file — its inputs (`InputParameters`), its outputs
 * (`OutputParameters`) and the results it can return with (`Transitions`). Read by the validator, the
 * simulator (InvokeFlowModule), `flows diff` and `flows diagram`.
 *
 * What AWS documents, and what it does not:
 * - "you can define a module with custom input/output objects and branches to be reused across different
 *   contact flow use cases" (Admin Guide, Flow modules for reusable functions:
 *   https://docs.aws.amazon.com/connect/latest/adminguide/contact-flow-modules.html).
 * - CreateContactFlowModule / AWS::Connect::ContactFlowModule take `Settings` as a string, "The
 *   configuration settings for the flow module" — the API reference gives no schema for it (as
 *   hashicorp/terraform-provider-aws#45807 also notes). The designer's own exports (the modules in
 *   shared/corpus/external-flows/) carry it inside the content as
 *   `{ "InputParameters": [], "OutputParameters": [], "Transitions": [{ "DisplayName", "ReferenceName",
 *   "Description" }] }`.
 * - Modules run in the invoking contact and "do not allow overriding flow local data of the invoking flow"
 *   (same page); contact attributes are the contact's, shared by the flow and the module it invokes.
 *
 * So the entry format of InputParameters/OutputParameters is Santral's reading, stated here once: an entry is
 * an object named like a Transitions entry (`ReferenceName`, or `Name`; `DisplayName` and `Description`
 * optional) with an optional `Type` (String, Number or Boolean; String when absent) and `Required` (true or
 * "true", inputs only). At run time the values travel as contact attributes of the same name: the invoking
 * flow sets `$.Attributes.<input>` before InvokeFlowModule, the module sets `$.Attributes.<output>` before
 * it returns, and the invoking flow reads it there (the simulator checks both ends against the interface).
 * Anything else in an entry is kept and passed through untouched.
 */

export const MODULE_PARAMETER_TYPES = ['String', 'Number', 'Boolean'] as const;
export type ModuleParameterType = (typeof MODULE_PARAMETER_TYPES)[number];

export interface ModuleParameter {
  name: string;
  type: ModuleParameterType;
  /** Inputs only: the module cannot run without it. */
  required: boolean;
  description?: string;
}

export interface ModuleResult {
  name: string;
  displayName?: string;
  description?: string;
}

export interface ModuleInterface {
  inputs: ModuleParameter[];
  outputs: ModuleParameter[];
  results: ModuleResult[];
}

export interface SettingsProblem {
  /** e.g. `Settings.InputParameters[1].Type`. */
  path: string;
  message: string;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const SETTINGS_KEYS = ['InputParameters', 'OutputParameters', 'Transitions'];
/** Names a value can travel under as a contact attribute ($.Attributes.<name>). */
const PARAMETER_NAME = /^[A-Za-z_][\w-]{0,127}$/;

function entryName(entry: Record<string, unknown>): unknown {
  return entry['ReferenceName'] ?? entry['Name'];
}

/** The interface a module's Settings declare, and what is wrong with them (empty = well formed). */
export function readModuleInterface(settings: unknown): {
  iface: ModuleInterface;
  problems: SettingsProblem[];
} {
  const iface: ModuleInterface = { inputs: [], outputs: [], results: [] };
  const problems: SettingsProblem[] = [];
  if (settings === undefined) return { iface, problems };
  if (!isObject(settings)) {
    problems.push({
      path: 'Settings',
      message: 'Settings must be an object { InputParameters, OutputParameters, Transitions }',
    });
    return { iface, problems };
  }
  for (const key of Object.keys(settings))
    if (!SETTINGS_KEYS.includes(key))
      problems.push({
        path: `Settings.${key}`,
        message: `unknown key "${key}"; a module's Settings hold ${SETTINGS_KEYS.join(', ')}`,
      });

  const list = (key: string): Record<string, unknown>[] => {
    const v = settings[key];
    if (v === undefined) return [];
    if (!Array.isArray(v)) {
      problems.push({
        path: `Settings.${key}`,
        message: `${key} must be a list (use [] when there is none)`,
      });
      return [];
    }
    return v.flatMap((e, i) => {
      if (isObject(e)) return [e];
      problems.push({ path: `Settings.${key}[${i}]`, message: 'each entry must be an object' });
      return [];
    });
  };

  const parameters = (key: 'InputParameters' | 'OutputParameters'): ModuleParameter[] => {
    const seen = new Set<string>();
    const out: ModuleParameter[] = [];
    const raw = settings[key];
    list(key).forEach((e) => {
      const i = Array.isArray(raw) ? raw.indexOf(e) : 0;
      const at = `Settings.${key}[${i}]`;
      const name = entryName(e);
      if (typeof name !== 'string' || !PARAMETER_NAME.test(name)) {
        problems.push({
          path: `${at}.ReferenceName`,
          message: `each parameter needs a ReferenceName (or Name) usable as a contact attribute: letters, digits, _ or -, starting with a letter or _ (got ${JSON.stringify(name)})`,
        });
        return;
      }
      if (seen.has(name))
        problems.push({ path: `${at}.ReferenceName`, message: `parameter "${name}" is declared twice` });
      seen.add(name);
      const type = e['Type'] ?? 'String';
      if (!MODULE_PARAMETER_TYPES.includes(type as ModuleParameterType))
        problems.push({
          path: `${at}.Type`,
          message: `unknown type ${JSON.stringify(type)} for "${name}"; use one of ${MODULE_PARAMETER_TYPES.join(', ')}`,
        });
      const requiredRaw = e['Required'] ?? false;
      const required = requiredRaw === true || requiredRaw === 'true' || requiredRaw === 'True';
      if (![true, false, 'true', 'false', 'True', 'False'].includes(requiredRaw as never))
        problems.push({
          path: `${at}.Required`,
          message: `Required must be true or false (got ${JSON.stringify(requiredRaw)})`,
        });
      if (key === 'OutputParameters' && required)
        problems.push({
          path: `${at}.Required`,
          message: `Required applies to inputs; output "${name}" cannot be required`,
        });
      const description =
        typeof e['Description'] === 'string' && e['Description'] !== '' ? e['Description'] : undefined;
      out.push({
        name,
        type: MODULE_PARAMETER_TYPES.includes(type as ModuleParameterType)
          ? (type as ModuleParameterType)
          : 'String',
        required: key === 'InputParameters' && required,
        ...(description ? { description } : {}),
      });
    });
    return out;
  };

  iface.inputs = parameters('InputParameters');
  iface.outputs = parameters('OutputParameters');
  const seenResults = new Set<string>();
  list('Transitions').forEach((e, i) => {
    const name = entryName(e);
    if (typeof name !== 'string' || name === '') {
      problems.push({
        path: `Settings.Transitions[${i}].ReferenceName`,
        message: 'each result needs a ReferenceName',
      });
      return;
    }
    if (seenResults.has(name))
      problems.push({
        path: `Settings.Transitions[${i}].ReferenceName`,
        message: `result "${name}" is declared twice`,
      });
    seenResults.add(name);
    const displayName =
      typeof e['DisplayName'] === 'string' && e['DisplayName'] !== '' ? e['DisplayName'] : undefined;
    const description =
      typeof e['Description'] === 'string' && e['Description'] !== '' ? e['Description'] : undefined;
    iface.results.push({
      name,
      ...(displayName ? { displayName } : {}),
      ...(description ? { description } : {}),
    });
  });
  return { iface, problems };
}

/** Why a value does not fit a parameter (undefined = it fits). A missing value only matters when required. */
export function parameterValueProblem(p: ModuleParameter, value: string | undefined): string | undefined {
  if (value === undefined || value === '')
    return p.required ? `required input "${p.name}" is not set` : undefined;
  if (p.type === 'Number' && !Number.isFinite(Number(value)))
    return `"${p.name}" must be a Number (got "${value}")`;
  if (p.type === 'Boolean' && !['true', 'false'].includes(value.toLowerCase()))
    return `"${p.name}" must be a Boolean, true or false (got "${value}")`;
  return undefined;
}

/** `language (String, required)` — how diagrams and reviews name a parameter. */
export function describeParameter(p: ModuleParameter): string {
  return `${p.name} (${p.type}${p.required ? ', required' : ''})`;
}
