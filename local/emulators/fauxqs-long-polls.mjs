// Ending fauxqs's long polls without losing messages.
//
// A client that aborts a ReceiveMessage long poll does not tell fauxqs: its waiter stays, and a
// message that arrives meanwhile is dequeued for the closed connection and stays invisible for the
// queue's whole visibility timeout (6 × the worker's timeout). So at a stop the runtime does not
// abort its polls; it asks this process to answer every waiting poll now (with whatever is ready,
// which the poller then hands back) and every later one at once. fauxqs has no public switch for
// that, so this wraps its queue class's long-poll wait; `supported` is false (and the runtime falls
// back to aborting) if a fauxqs version no longer has the methods it wraps.

export async function interruptibleLongPolls() {
  let SqsQueue;
  try {
    const app = import.meta.resolve('fauxqs');
    ({ SqsQueue } = await import(new URL('./sqs/sqsStore.js', app).href));
  } catch {
    return unsupported();
  }
  const proto = SqsQueue?.prototype;
  if (typeof proto?.waitForMessages !== 'function' || typeof proto?.cancelWaiters !== 'function')
    return unsupported();
  const waiting = new Set();
  let ended = false;
  const wait = proto.waitForMessages;
  proto.waitForMessages = function waitForMessages(seconds) {
    if (ended) return Promise.resolve();
    waiting.add(this);
    return wait.call(this, seconds);
  };
  return {
    supported: true,
    end() {
      ended = true;
      for (const queue of waiting) queue.cancelWaiters();
      waiting.clear();
    },
  };
}

function unsupported() {
  return { supported: false, end() {} };
}
