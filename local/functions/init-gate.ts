import { availableParallelism } from 'node:os';

/**
 * How many function instances may initialise at once, across every function of the runtime. On
 * Lambda each execution environment inits on CPU of its own; here they all share the machine's
 * cores, so a burst that starts twenty at once (a hundred concurrent requests) would have each
 * take twenty times as long and fail Lambda's ten-second init limit. Starting them a few at a time
 * keeps each init as fast as alone; the invocations waiting for them wait, as a throttled one would.
 */
export interface InitGate {
  /** Resolves when an init may start; call the returned function once it has ended. */
  enter(): Promise<() => void>;
}

export function createInitGate(slots = Math.max(2, availableParallelism())): InitGate {
  let free = slots;
  const queue: (() => void)[] = [];
  const leave = () => {
    const next = queue.shift();
    if (next) next();
    else free += 1;
  };
  return {
    async enter() {
      if (free > 0) free -= 1;
      else await new Promise<void>((resolve) => queue.push(resolve));
      let left = false;
      return () => {
        if (left) return;
        left = true;
        leave();
      };
    },
  };
}
