import type { AlertLink, AlertStatus, NormalizedAlert } from '../../normalized-alert';
import { DEFAULT_SEVERITY, severityIn, stringLabels } from '../shared/alert-fields';
import { isoOf, startOf } from '../shared/alert-times';
import { GenericJsonError, GenericJsonErrorCode } from './generic-json.errors';
import type { GenericJsonMapping } from './generic-json.mapping';
import { resolvePointer } from './json-pointer';

export const GENERIC_JSON = 'generic-json';

/**
 * Applies the integration's mapping. Throws GenericJsonError(UNMAPPABLE) naming every pointer that
 * did not resolve, so the sender sees which field its payload lacks.
 */
export function mapGenericJson(
  document: unknown,
  mapping: GenericJsonMapping,
  receivedAt: Date,
): NormalizedAlert[] {
  const items = mapping.items === undefined ? [document] : resolvePointer(document, mapping.items);
  if (!Array.isArray(items)) {
    throw new GenericJsonError(GenericJsonErrorCode.UNMAPPABLE, [
      `${mapping.items} is not an array`,
    ]);
  }
  const problems: string[] = [];
  const alerts = items.map((item, index) => {
    const where = mapping.items === undefined ? '' : `${mapping.items}/${index}`;
    return mapItem(item, mapping, receivedAt, (p) => problems.push(`${where}${p}`));
  });
  if (problems.length) throw new GenericJsonError(GenericJsonErrorCode.UNMAPPABLE, problems);
  return alerts;
}

function mapItem(
  item: unknown,
  mapping: GenericJsonMapping,
  receivedAt: Date,
  problem: (p: string) => void,
): NormalizedAlert {
  const text = (pointer: string | undefined) => {
    const value = pointer === undefined ? undefined : resolvePointer(item, pointer);
    return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
      ? String(value)
      : undefined;
  };
  const dedupPointers = Array.isArray(mapping.dedupKey) ? mapping.dedupKey : [mapping.dedupKey];
  const dedupParts = dedupPointers.map((p) => text(p));
  dedupPointers.forEach(
    (p, i) => dedupParts[i] === undefined && problem(`${p} (dedupKey) is missing`),
  );
  const status = statusOf(text(mapping.status.path), mapping);
  if (!status)
    problem(
      `${mapping.status.path} (status) is not one of the configured firing or resolved values`,
    );
  const summary = text(mapping.summary);
  if (summary === undefined) problem(`${mapping.summary} (summary) is missing`);
  const severityValue = mapping.severity ? text(mapping.severity.path) : undefined;
  const endedAt = status === 'resolved' ? isoOf(resolve(item, mapping.endedAt)) : undefined;
  return {
    source: GENERIC_JSON,
    dedupKey: dedupParts.join(':'),
    status: status ?? 'firing',
    severity:
      (mapping.severity && severityIn(mapping.severity.map, severityValue)) ??
      mapping.severity?.default ??
      DEFAULT_SEVERITY,
    summary: summary ?? '',
    description: text(mapping.description),
    service: text(mapping.service),
    labels: labelsOf(item, mapping.labels, text),
    startedAt: startOf(isoOf(resolve(item, mapping.startedAt)), endedAt, receivedAt),
    endedAt,
    links: (mapping.links ?? []).flatMap((p) => linksOf(resolvePointer(item, p))),
    raw: item,
  };
}

function statusOf(value: string | undefined, mapping: GenericJsonMapping): AlertStatus | undefined {
  if (value === undefined) return undefined;
  const is = (list: string[]) => list.some((v) => v.toLowerCase() === value.toLowerCase());
  return is(mapping.status.firing)
    ? 'firing'
    : is(mapping.status.resolved)
      ? 'resolved'
      : undefined;
}

const resolve = (item: unknown, pointer: string | undefined) =>
  pointer === undefined ? undefined : resolvePointer(item, pointer);

function labelsOf(
  item: unknown,
  labels: GenericJsonMapping['labels'],
  text: (pointer: string) => string | undefined,
): Record<string, string> {
  if (labels === undefined) return {};
  if (typeof labels === 'string') return stringLabels(resolvePointer(item, labels));
  const result: Record<string, string> = {};
  for (const [name, pointer] of Object.entries(labels)) {
    const value = text(pointer);
    if (value !== undefined) result[name] = value;
  }
  return result;
}

function linksOf(value: unknown): AlertLink[] {
  if (Array.isArray(value)) return value.flatMap(linksOf);
  if (typeof value === 'string' && /^https?:\/\//.test(value)) return [{ href: value }];
  if (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as AlertLink).href === 'string'
  ) {
    const { href, text } = value as AlertLink;
    return typeof text === 'string' ? [{ href, text }] : [{ href }];
  }
  return [];
}
