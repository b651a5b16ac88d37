import type { AlertSeverity } from '../../normalized-alert';
import { isJsonPointer } from './json-pointer';

/**
 * Per-integration field mapping for senders with their own JSON shape. Every path is a JSON
 * Pointer; with `items`, the pointer names an array and the other paths are read from each item.
 */
export interface GenericJsonMapping {
  items?: string;
  dedupKey: string | string[];
  status: { path: string; firing: string[]; resolved: string[] };
  severity?: { path: string; map: Record<string, AlertSeverity>; default?: AlertSeverity };
  summary: string;
  description?: string;
  service?: string;
  /** A pointer to an object of labels, or label name → pointer. */
  labels?: string | Record<string, string>;
  startedAt?: string;
  endedAt?: string;
  /** Pointers to a URL, a list of URLs, or `{href, text}` objects. */
  links?: string[];
}

const SEVERITIES = ['SEV1', 'SEV2', 'SEV3', 'SEV4'];
type Problems = string[];

/** Checks a stored mapping; each problem names the bad path, e.g. `mapping.status.firing`. */
export function validateGenericJsonMapping(
  value: unknown,
): { ok: true; mapping: GenericJsonMapping } | { ok: false; problems: Problems } {
  const problems: Problems = [];
  if (!isObject(value)) return { ok: false, problems: ['mapping must be an object'] };
  const pointer = (path: string, required: boolean) => {
    const v = value[path];
    if (v === undefined && !required) return;
    if (!isJsonPointer(v))
      problems.push(`mapping.${path} must be a JSON Pointer such as "/alert/id"`);
  };
  pointer('items', false);
  const dedup = value['dedupKey'];
  const dedupPointers = Array.isArray(dedup) ? dedup : [dedup];
  if (dedupPointers.length === 0 || !dedupPointers.every(isJsonPointer)) {
    problems.push('mapping.dedupKey must be a JSON Pointer or a non-empty list of them');
  }
  checkStatus(value['status'], problems);
  checkSeverity(value['severity'], problems);
  pointer('summary', true);
  for (const path of ['description', 'service', 'startedAt', 'endedAt']) pointer(path, false);
  checkLabels(value['labels'], problems);
  const links = value['links'];
  if (links !== undefined && !(Array.isArray(links) && links.every(isJsonPointer))) {
    problems.push('mapping.links must be a list of JSON Pointers');
  }
  return problems.length
    ? { ok: false, problems }
    : { ok: true, mapping: value as unknown as GenericJsonMapping };
}

function checkStatus(status: unknown, problems: Problems) {
  if (!isObject(status))
    return void problems.push('mapping.status must be an object with path, firing and resolved');
  if (!isJsonPointer(status['path'])) problems.push('mapping.status.path must be a JSON Pointer');
  for (const list of ['firing', 'resolved']) {
    if (!isStringList(status[list]))
      problems.push(`mapping.status.${list} must be a non-empty list of strings`);
  }
  const firing = isStringList(status['firing']) ? status['firing'] : [];
  const both = firing.filter(
    (v) => isStringList(status['resolved']) && status['resolved'].includes(v),
  );
  if (both.length)
    problems.push(`mapping.status: ${both.join(', ')} cannot be both firing and resolved`);
}

function checkSeverity(severity: unknown, problems: Problems) {
  if (severity === undefined) return;
  if (!isObject(severity))
    return void problems.push('mapping.severity must be an object with path and map');
  if (!isJsonPointer(severity['path']))
    problems.push('mapping.severity.path must be a JSON Pointer');
  const map = severity['map'];
  if (!isObject(map)) problems.push('mapping.severity.map must be an object of value → SEV1..SEV4');
  else {
    for (const [key, sev] of Object.entries(map)) {
      if (!SEVERITIES.includes(sev as string))
        problems.push(`mapping.severity.map.${key} must be one of SEV1..SEV4`);
    }
  }
  if (severity['default'] !== undefined && !SEVERITIES.includes(severity['default'] as string)) {
    problems.push('mapping.severity.default must be one of SEV1..SEV4');
  }
}

function checkLabels(labels: unknown, problems: Problems) {
  if (labels === undefined || isJsonPointer(labels)) return;
  if (!isObject(labels))
    return void problems.push('mapping.labels must be a JSON Pointer or an object of pointers');
  for (const [name, pointer] of Object.entries(labels)) {
    if (!isJsonPointer(pointer)) problems.push(`mapping.labels.${name} must be a JSON Pointer`);
  }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isStringList = (v: unknown): v is string[] =>
  Array.isArray(v) && v.length > 0 && v.every((s) => typeof s === 'string');
