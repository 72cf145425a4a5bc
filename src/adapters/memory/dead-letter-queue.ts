import type { DeadLetter, DeadLetterQueue } from '../../core/ports.ts';

/** A dead-letter queue in memory: received messages stay hidden until removed or released. */
export class MemoryDeadLetterQueue implements DeadLetterQueue {
  readonly #messages = new Map<string, { body: string; hidden: boolean }>();
  #next = 0;

  add(body: string): void {
    this.#messages.set(`h${this.#next++}`, { body, hidden: false });
  }

  bodies(): string[] {
    return [...this.#messages.values()].map((m) => m.body);
  }

  async receive(max: number): Promise<DeadLetter[]> {
    const out: DeadLetter[] = [];
    for (const [handle, message] of this.#messages) {
      if (out.length >= max) break;
      if (message.hidden) continue;
      message.hidden = true;
      out.push({ handle, body: message.body });
    }
    return out;
  }

  async remove(handles: readonly string[]): Promise<void> {
    for (const handle of handles) this.#messages.delete(handle);
  }

  async release(handles: readonly string[]): Promise<void> {
    for (const handle of handles) {
      const message = this.#messages.get(handle);
      if (message) message.hidden = false;
    }
  }
}
