import { plainToInstance, type ClassConstructor } from 'class-transformer';

type Class = ClassConstructor<object>;

/**
 * The part of class-transformer's decorator metadata this file reads. It is the library's own
 * store (what `@Type`, `@Transform`, `@Expose` and `@Exclude` write), not part of its typed API:
 * `dto-instance.unit.spec.ts` checks every source's DTO against `plainToInstance`, so a change of
 * the library that breaks this shows there.
 */
interface DecoratorStore {
  _typeMetadatas: Map<Class, Map<string, TypeMetadata>>;
  _transformMetadatas: Map<Class, Map<string, unknown[]>>;
  _exposeMetadatas: Map<Class, Map<string, unknown>>;
  _excludeMetadatas: Map<Class, Map<string, unknown>>;
  getStrategy(target: Class): string;
  getAncestors(target: Class): Class[];
}
interface TypeMetadata {
  typeFunction: (options?: unknown) => Class;
  options?: { discriminator?: unknown };
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultMetadataStorage: store } = require('class-transformer/cjs/storage') as {
  defaultMetadataStorage: DecoratorStore;
};

/** How to build a DTO of this class: which properties hold nested DTOs (`@Type`), by name. */
type Plan = { nested: Map<string, Class> };

const plans = new Map<Class, Plan | null>();

/**
 * `plainToInstance(dto, plain)` for webhook bodies, without its cost: a DTO that only nests other
 * DTOs with `@Type` is built by copying the body's properties onto a `new dto()`, nested DTOs
 * likewise, sharing every other value with `plain` (nothing changes a parsed body). A DTO using
 * anything else of class-transformer (`@Transform`, `@Expose`, `@Exclude`, discriminators, types
 * that are not DTOs) goes to `plainToInstance`, which looks its metadata up for every property of
 * every object, labels too: under an alert storm (bench:ingest) it was a large share of the api's
 * CPU per delivery (bench/README.md).
 */
export function dtoInstance<T extends object>(
  dto: ClassConstructor<T>,
  plain: Record<string, unknown>,
): T {
  const plan = planOf(dto);
  return plan ? (build(dto, plan, plain) as T) : plainToInstance(dto, plain);
}

function build(dto: Class, plan: Plan, plain: Record<string, unknown>): object {
  const instance = new dto() as Record<string, unknown>;
  for (const key of Object.keys(plain)) {
    // As class-transformer does: a body's "__proto__" must not become the instance's prototype.
    if (key === '__proto__' || key === 'constructor') continue;
    const nested = plan.nested.get(key);
    instance[key] = nested ? nestedValue(nested, plain[key]) : plain[key];
  }
  return instance;
}

/** Objects become DTOs, arrays (of arrays) of objects arrays of DTOs; anything else stays. */
function nestedValue(dto: Class, value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => nestedValue(dto, item));
  if (typeof value !== 'object' || value === null) return value;
  return build(dto, planOf(dto)!, value as Record<string, unknown>);
}

/** Null when the class (or a DTO nested in it) uses more of class-transformer than `@Type`. */
function planOf(dto: Class): Plan | null {
  if (plans.has(dto)) return plans.get(dto)!;
  plans.set(dto, null); // a DTO nesting itself is left to class-transformer
  const plan = makePlan(dto);
  plans.set(dto, plan);
  return plan;
}

function makePlan(dto: Class): Plan | null {
  if (store.getStrategy(dto) !== 'none') return null;
  const nested = new Map<string, Class>();
  for (const target of [...store.getAncestors(dto), dto]) {
    if (
      store._transformMetadatas.get(target)?.size ||
      store._exposeMetadatas.get(target)?.size ||
      store._excludeMetadatas.get(target)?.size
    ) {
      return null;
    }
    for (const [property, type] of store._typeMetadatas.get(target) ?? []) {
      if (type.options?.discriminator) return null;
      const nestedDto = type.typeFunction();
      if (isBuiltIn(nestedDto) || planOf(nestedDto) === null) return null;
      nested.set(property, nestedDto);
    }
  }
  return { nested };
}

function isBuiltIn(type: Class): boolean {
  return [Object, Array, Date, Map, Set, String, Number, Boolean, Buffer].includes(type as never);
}
