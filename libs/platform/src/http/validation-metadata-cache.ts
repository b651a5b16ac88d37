import { getMetadataStorage } from 'class-validator';

type Storage = ReturnType<typeof getMetadataStorage>;
type Metadatas = ReturnType<Storage['getTargetValidationMetadatas']>;
type Grouped = ReturnType<Storage['groupByPropertyName']>;

const original = {
  getTargetValidationMetadatas: getMetadataStorage().getTargetValidationMetadatas,
  groupByPropertyName: getMetadataStorage().groupByPropertyName,
  addValidationMetadata: getMetadataStorage().addValidationMetadata,
  addConstraintMetadata: getMetadataStorage().addConstraintMetadata,
};

/**
 * class-validator looks a class's validation metadata up again for every object it validates:
 * it filters the class's own metadata and scans every registered class (`instanceof`) for
 * inherited ones, then groups the result by property. That is a large share of what parsing a
 * webhook body into its DTO costs (`npm run bench:validation`). The answer only changes when a
 * decorator registers more metadata, so this remembers it until then, per class, schema name
 * (class-validator passes the parent's class name for nested objects) and the `always` and
 * `strictGroups` options. Calls with validation groups are left to class-validator.
 *
 * Every caller gets the same arrays back, so they must not change them; class-validator's
 * executor only reads them. (Freezing them cost more than the lookup it saves.)
 * Installed by createValidationPipe, so for the HTTP pipe and the webhook sources of the same
 * process alike.
 */
export function cacheValidationMetadata(): void {
  const storage = getMetadataStorage();
  if (storage.getTargetValidationMetadatas !== original.getTargetValidationMetadatas) return;
  // Index: always + 2 × strictGroups; then target; then schema name.
  let remembered: Map<unknown, Map<string | undefined, Metadatas>>[] = [];
  // The grouping of each remembered array, once asked for (only remembered arrays are keys).
  let grouped = new WeakMap<Metadatas, Grouped | null>();
  const forget = () => {
    remembered = [];
    grouped = new WeakMap();
  };
  storage.getTargetValidationMetadatas = function (target, schema, always, strict, groups) {
    if (groups && groups.length > 0) {
      return original.getTargetValidationMetadatas.call(
        this,
        target,
        schema,
        always,
        strict,
        groups,
      );
    }
    const byTarget = (remembered[(always ? 1 : 0) + (strict ? 2 : 0)] ??= new Map());
    let bySchema = byTarget.get(target);
    if (!bySchema) byTarget.set(target, (bySchema = new Map()));
    let found = bySchema.get(schema);
    if (!found) {
      found = original.getTargetValidationMetadatas.call(this, target, schema, always, strict);
      bySchema.set(schema, found);
      grouped.set(found, null);
    }
    return found;
  };
  storage.groupByPropertyName = function (metadatas) {
    let found = grouped.get(metadatas);
    if (found === undefined) return original.groupByPropertyName.call(this, metadatas);
    if (found === null)
      grouped.set(metadatas, (found = original.groupByPropertyName.call(this, metadatas)));
    return found;
  };
  storage.addValidationMetadata = function (metadata) {
    forget();
    original.addValidationMetadata.call(this, metadata);
  };
  storage.addConstraintMetadata = function (metadata) {
    forget();
    original.addConstraintMetadata.call(this, metadata);
  };
}

/** Back to class-validator's own lookups (for specs and the bench that compare the two). */
export function uncacheValidationMetadata(): void {
  Object.assign(getMetadataStorage(), original);
}
