/*
 * Given/when/then for pure deciders (after Emmett's DeciderSpecification), for use inside Jest tests:
 *
 *   const spec = DeciderSpecification.for({ decide, evolve, initialState });
 *   spec.given([declared]).when(acknowledge).then([acknowledged]);
 *   spec.given([declared, acknowledged]).when(acknowledge).thenNothing();
 *   spec.given([declared, resolved]).when(resolve).thenThrows(IncidentDomainError, 'INCIDENT.ALREADY_RESOLVED');
 *
 * State and command are deep-frozen before `decide` runs, so a decider that mutates its input
 * fails the test instead of passing by accident.
 *
 * Do not `return` or `await` the result of `when(...)`: it has a `then` method, so Jest would take
 * it for a promise. `then` refuses to be called that way, with a message saying so.
 */

import type { Decider } from '@sitrep/domain';

type ErrorClass<E extends Error> = abstract new (...args: never[]) => E;

export interface DeciderThen<Event> {
  then(expected: Event | readonly Event[]): void;
  /** The outcome already holds: `decide` returns no events. */
  thenNothing(): void;
  /** Any error. */
  thenThrows(): void;
  thenThrows(check: (error: unknown) => boolean): void;
  /** An instance of `errorClass`, with this `code` (or passing `check`) when given. */
  thenThrows<E extends Error>(
    errorClass: ErrorClass<E>,
    codeOrCheck?: string | ((error: E) => boolean),
  ): void;
}

export interface DeciderGiven<Command, Event> {
  when(command: Command): DeciderThen<Event>;
}

export const DeciderSpecification = {
  for<Command, Event, State>(decider: Decider<Command, Event, State>) {
    return {
      given(events: Event | readonly Event[] = []): DeciderGiven<Command, Event> {
        return {
          when: (command) => expectations(decider, asArray(events), command),
        };
      },
    };
  },
};

function expectations<Command, Event, State>(
  decider: Decider<Command, Event, State>,
  given: readonly Event[],
  command: Command,
): DeciderThen<Event> {
  const run = (): Event[] => {
    const state = given.reduce(decider.evolve, decider.initialState());
    return decider.decide(deepFreeze(command), deepFreeze(state));
  };
  return {
    then(expected) {
      if (typeof expected === 'function') {
        throw new TypeError(
          'The result of when(...) was awaited or returned; call .then(events) instead',
        );
      }
      expect(run()).toEqual(asArray(expected));
    },
    thenNothing() {
      expect(run()).toEqual([]);
    },
    thenThrows(classOrCheck?: unknown, codeOrCheck?: string | ((error: never) => boolean)) {
      const error = caught(run);
      if (classOrCheck === undefined) return;
      if (isErrorClass(classOrCheck)) {
        expect(error).toBeInstanceOf(classOrCheck);
        if (typeof codeOrCheck === 'string') expect(error).toHaveProperty('code', codeOrCheck);
        if (typeof codeOrCheck === 'function')
          expectCheck(codeOrCheck as (e: unknown) => boolean, error);
        return;
      }
      expectCheck(classOrCheck as (error: unknown) => boolean, error);
    },
  };
}

function caught(run: () => unknown): unknown {
  let result: unknown;
  try {
    result = run();
  } catch (error) {
    return error;
  }
  throw new Error(`Expected decide to throw, but it returned ${JSON.stringify(result)}`);
}

function expectCheck(check: (error: unknown) => boolean, error: unknown): void {
  if (!check(error)) {
    throw new Error(`The thrown error did not pass the check: ${describeError(error)}`);
  }
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  return `${error.name}${code === undefined ? '' : ` [${String(code)}]`}: ${error.message}`;
}

function isErrorClass(value: unknown): value is ErrorClass<Error> {
  return typeof value === 'function' && (value === Error || value.prototype instanceof Error);
}

function asArray<T>(value: T | readonly T[]): T[] {
  return Array.isArray(value) ? [...(value as readonly T[])] : [value as T];
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Reflect.ownKeys(value))
      deepFreeze((value as Record<PropertyKey, unknown>)[key]);
  }
  return value;
}
