'use strict';
// One Lambda execution environment: loads the handler once (the cold start), then runs the
// invocations the runtime sends over IPC, one at a time. Plain JS so it starts without a loader.
// Messages in:  { type: 'invoke', id, event, deadlineMs, requestId }
// Messages out: { type: 'ready', initMs } | { type: 'init-error', error }
//               { type: 'result', id, ok, value | error, requestCounts, exiting? }
// (local/functions/protocol.ts has the types.)
const { existsSync, readFileSync } = require('node:fs');
const { registerHooks } = require('node:module');
const path = require('node:path');
const { pathToFileURL } = require('node:url');

/** Filled by the project's SDK middleware (src/adapters/aws/request-counter.ts), when bundled in. */
const COUNTS_KEY = Symbol.for('sqs-jobs.aws-request-counts');

const config = JSON.parse(process.argv[2]);
// Compiling a bundle of a few MB is most of a cold start; V8's code cache makes it a fraction.
require('node:module').enableCompileCache?.(config.compileCacheDir);
const taskRoot = process.env.LAMBDA_TASK_ROOT;
let current; // the invocation in progress, if any

function errorPayload(error, fallbackType) {
  if (error instanceof Error) {
    return {
      errorType:
        error.name && error.name !== 'Error' ? error.name : (error.constructor?.name ?? fallbackType),
      errorMessage: error.message,
      stack: error.stack,
    };
  }
  return { errorType: typeof error === 'string' ? 'string' : fallbackType, errorMessage: String(error) };
}

function drainRequestCounts() {
  const counts = globalThis[COUNTS_KEY];
  if (!(counts instanceof Map)) return {};
  const out = Object.fromEntries(counts);
  counts.clear();
  return out;
}

/**
 * Lambda's package scope ends at the task root: index.js there is CommonJS unless a package.json
 * inside the task root says "module". The repository's own package.json ("type": "module") sits
 * above cdk.out and must not turn the CDK's CommonJS bundles into ES modules.
 */
function taskRootFormat() {
  const pkg = path.join(taskRoot, 'package.json');
  return existsSync(pkg) && JSON.parse(readFileSync(pkg, 'utf8')).type === 'module' ? 'module' : 'commonjs';
}

function useLambdaPackageScope() {
  if (taskRootFormat() === 'module') return;
  const root = pathToFileURL(taskRoot + path.sep).href;
  registerHooks({
    load(url, context, nextLoad) {
      const result = nextLoad(url, context);
      return url.startsWith(root) && url.endsWith('.js') ? { ...result, format: 'commonjs' } : result;
    },
  });
}

async function loadHandler() {
  // "index.handler" → module "index" in the task root, export "handler"; "lib/app.main" works too.
  const dot = config.handler.lastIndexOf('.');
  const modulePath = path.resolve(taskRoot, config.handler.slice(0, dot));
  const exportName = config.handler.slice(dot + 1);
  const file = ['.js', '.mjs', '.cjs']
    .map((ext) => modulePath + ext)
    .find((candidate) => existsSync(candidate));
  if (!file) {
    throw Object.assign(new Error(`Cannot find module '${config.handler.slice(0, dot)}' in ${taskRoot}`), {
      name: 'Runtime.ImportModuleError',
    });
  }
  useLambdaPackageScope();
  let loaded;
  if (file.endsWith('.mjs')) loaded = await import(pathToFileURL(file).href);
  else {
    try {
      loaded = require(file);
    } catch (error) {
      // An ES module with top-level await cannot be required.
      if (error && error.code === 'ERR_REQUIRE_ASYNC_MODULE') loaded = await import(pathToFileURL(file).href);
      else throw error;
    }
  }
  const handler = loaded?.[exportName] ?? loaded?.default?.[exportName];
  if (typeof handler !== 'function') {
    throw Object.assign(new Error(`${config.handler} is undefined or not exported`), {
      name: 'Runtime.HandlerNotFound',
    });
  }
  return handler;
}

function lambdaContext(message) {
  return {
    awsRequestId: message.requestId,
    functionName: config.functionName,
    functionVersion: '$LATEST',
    memoryLimitInMB: String(config.memoryMb),
    invokedFunctionArn: config.functionArn,
    logGroupName: config.logGroupName,
    logStreamName: config.logStreamName,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, message.deadlineMs - Date.now()),
  };
}

function answer(message) {
  if (process.connected) process.send(message);
}

// An error that escapes the handler's promise chain ends the environment, as on Lambda.
function crash(type) {
  return (error) => {
    if (current) {
      answer({
        type: 'result',
        id: current,
        ok: false,
        error: errorPayload(error, type),
        requestCounts: drainRequestCounts(),
        exiting: true,
      });
      current = undefined;
    }
    console.error(`${type}:`, error);
    process.exitCode = 1;
    setImmediate(() => process.exit(1));
  };
}
process.on('uncaughtException', crash('Runtime.UncaughtException'));
process.on('unhandledRejection', crash('Runtime.UnhandledPromiseRejection'));
/** An X-Ray trace header in Lambda's format: Root=1-<epoch hex>-<24 hex>;Parent=<16 hex>;Sampled=0. */
function unsampledTraceHeader() {
  const { randomBytes } = require('node:crypto');
  const epoch = Math.floor(Date.now() / 1000).toString(16);
  return `Root=1-${epoch}-${randomBytes(12).toString('hex')};Parent=${randomBytes(8).toString('hex')};Sampled=0`;
}

// Ctrl-C (SIGINT) and `timeout`, CI runners or process managers (SIGTERM) signal the whole process
// group: the runtime lets this invocation finish and then stops us itself. If the runtime is gone
// (even by kill -9) the IPC channel closes and we exit.
process.on('SIGINT', () => {});
process.on('SIGTERM', () => {});
process.on('disconnect', () => process.exit(0));

const started = performance.now();
loadHandler().then(
  (handler) => {
    answer({ type: 'ready', initMs: performance.now() - started });
    // Written now, not at exit: instances live as long as the runtime, and the next one should use it.
    require('node:module').flushCompileCache?.();
    process.on('message', async (message) => {
      if (message?.type !== 'invoke') return;
      current = message.id;
      // Lambda gives each invocation a trace header; locally it is never sampled, so tracers run
      // their normal code and send nothing.
      process.env._X_AMZN_TRACE_ID = unsampledTraceHeader();
      const context = lambdaContext(message);
      let reply;
      try {
        const value = await handler(message.event, context);
        reply = { type: 'result', id: message.id, ok: true, value: value === undefined ? null : value };
      } catch (error) {
        reply = { type: 'result', id: message.id, ok: false, error: errorPayload(error, 'Error') };
      }
      if (current !== message.id) return; // already answered by crash()
      current = undefined;
      reply.requestCounts = drainRequestCounts();
      try {
        answer(reply);
      } catch (error) {
        // The result could not be serialized; Lambda fails the invocation the same way.
        answer({
          type: 'result',
          id: message.id,
          ok: false,
          error: errorPayload(error, 'Runtime.MarshalError'),
          requestCounts: reply.requestCounts,
        });
      }
    });
  },
  (error) => {
    answer({ type: 'init-error', error: errorPayload(error, 'Runtime.ImportModuleError') });
    console.error(error);
    setImmediate(() => process.exit(1));
  },
);
