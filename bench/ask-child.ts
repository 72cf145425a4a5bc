import type { ChildProcess } from 'node:child_process';

/** What a benchmark's helper process answers: a kind, and a message when it failed. */
export type ChildAnswer = { readonly kind: string } | { readonly kind: 'failed'; readonly message: string };

/**
 * Sends `message` to a helper process (the floor's replayers, BullMQ's worker) and resolves with its
 * first answer of `kind`; a `failed` answer or the process exiting rejects, naming `who`.
 */
export function askChild<A extends ChildAnswer, K extends A['kind']>(
  child: ChildProcess,
  message: unknown,
  kind: K,
  who: string,
): Promise<Extract<A, { kind: K }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (answer: A) => {
      if (answer.kind === kind) {
        cleanUp();
        resolve(answer as Extract<A, { kind: K }>);
      } else if (answer.kind === 'failed') {
        cleanUp();
        reject(new Error(`${who}: ${(answer as { message?: string }).message ?? 'failed'}`));
      }
    };
    const onExit = (code: number | null) => {
      cleanUp();
      reject(new Error(`${who} exited (code ${code})`));
    };
    const cleanUp = () => {
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
    child.send(message as object);
  });
}
