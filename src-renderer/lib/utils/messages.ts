/** The message list's one rule: a repeat of a shown message counts up instead of stacking. */

/** An error or info message of the strip under the header. */
export interface Message {
  id: number;
  kind: 'error' | 'info';
  text: string;
  /** How many times the same message came (shown once, with the count). */
  count: number;
}

/**
 * `messages` with (kind, text) added as message `nextId`, or with the count of the same message
 * already shown raised; returns the new list and the id that now holds the text.
 */
export function addMessage(messages: Message[], kind: Message['kind'], text: string, nextId: number): { messages: Message[]; id: number } {
  const same = messages.find((m) => m.kind === kind && m.text === text);
  if (same) {
    return { messages: messages.map((m) => (m === same ? { ...m, count: m.count + 1 } : m)), id: same.id };
  }
  return { messages: [...messages, { id: nextId, kind, text, count: 1 }], id: nextId };
}
