/** What the bullmq scenario tells its worker process. */
export type ToWorker =
  | {
      readonly kind: 'start';
      /** redis-server's port on 127.0.0.1. */
      readonly port: number;
      readonly queue: string;
      /** Jobs the Worker runs at once. */
      readonly concurrency: number;
    }
  | { readonly kind: 'stop' };

/** What the worker process answers. */
export type FromWorker =
  | { readonly kind: 'ready' }
  | { readonly kind: 'stopped' }
  | { readonly kind: 'failed'; readonly message: string };
