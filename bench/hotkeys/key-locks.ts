/**
 * One writer at a time per item key, so the item as it was before a write and as it is after it
 * are that write's own, even when the use cases write one item from several promises at once.
 * Several keys are taken in sorted order, so two writers of overlapping key sets never wait on
 * each other in a circle.
 */
export function keyLocks() {
  const tails = new Map<string, Promise<void>>();
  return async function withKeys<T>(keys: readonly string[], work: () => Promise<T>): Promise<T> {
    const releases: (() => void)[] = [];
    for (const key of [...new Set(keys)].sort()) {
      const before = tails.get(key) ?? Promise.resolve();
      let release = () => {};
      const mine = new Promise<void>((resolve) => {
        release = resolve;
      });
      const tail = before.then(() => mine);
      tails.set(key, tail);
      releases.push(() => {
        release();
        if (tails.get(key) === tail) tails.delete(key);
      });
      await before;
    }
    try {
      return await work();
    } finally {
      for (const release of releases) release();
    }
  };
}
