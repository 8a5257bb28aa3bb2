import fc from 'fast-check';

/** Attempts without one success after which a filter stops retrying. */
const HOPELESS_AFTER = 100;

/** Marks values that came from the fallback pool: they have no shrink tree. */
const FROM_POOL = Symbol('from pool');

/**
 * `arb.filter(accept)` with at most `tries` attempts per value. fast-check's own `filter`
 * loops until a value passes, which hangs on a predicate that (almost) never holds; this one
 * then hands out one of `pool`'s values (known to pass), or the last candidate when the pool
 * is empty, for an outer filter (ultimately the validator) to judge.
 */
export class BoundedFilterArbitrary<T> extends fc.Arbitrary<T> {
  private readonly arb: fc.Arbitrary<T>;
  private readonly accept: (value: T) => boolean;
  private readonly tries: number;
  private readonly pool: readonly T[];
  #attempts = 0;
  #accepted = 0;

  constructor(
    arb: fc.Arbitrary<T>,
    accept: (value: T) => boolean,
    tries: number,
    pool: readonly T[] = [],
  ) {
    super();
    this.arb = arb;
    this.accept = accept;
    this.tries = tries;
    this.pool = pool;
  }

  generate(mrng: fc.Random, biasFactor: number | undefined): fc.Value<T> {
    let last: fc.Value<T> | undefined;
    // A filter that has never passed after many attempts is hopeless here: nested filters
    // multiply their tries, so it stops retrying and lets the outer filter decide.
    const tries = this.#accepted === 0 && this.#attempts >= HOPELESS_AFTER ? 1 : this.tries;
    for (let i = 0; i < tries; i++) {
      last = this.arb.generate(mrng, biasFactor);
      this.#attempts += 1;
      if (this.accept(last.value)) {
        this.#accepted += 1;
        return last;
      }
    }
    if (this.pool.length > 0) {
      const picked = this.pool[mrng.nextInt(0, this.pool.length - 1)] as T;
      // A copy: the pool outlives the run and the code under test may mutate its input.
      return new fc.Value(structuredClone(picked), FROM_POOL);
    }
    return last as fc.Value<T>;
  }

  canShrinkWithoutContext(value: unknown): value is T {
    return this.arb.canShrinkWithoutContext(value) && this.accept(value);
  }

  shrink(value: T, context: unknown): fc.Stream<fc.Value<T>> {
    if (context === FROM_POOL) return fc.Stream.nil();
    return this.arb.shrink(value, context).filter((v) => this.accept(v.value));
  }
}

/** {@link BoundedFilterArbitrary} with its default number of tries. */
export function boundedFilter<T>(
  arb: fc.Arbitrary<T>,
  accept: (value: T) => boolean,
  tries = 30,
): fc.Arbitrary<T> {
  return new BoundedFilterArbitrary(arb, accept, tries);
}
