import { describe, expect, it } from 'vitest';
import { addMessage } from './messages';

describe('addMessage', () => {
  it('adds new messages and counts repeats of one already shown (same kind and text)', () => {
    let { messages } = addMessage([], 'error', 'ENOENT: no such folder /x', 1);
    ({ messages } = addMessage(messages, 'error', 'ENOENT: no such folder /x', 2));
    const third = addMessage(messages, 'error', 'ENOENT: no such folder /x', 3);
    expect(third.id).toBe(1);
    expect(third.messages).toEqual([{ id: 1, kind: 'error', text: 'ENOENT: no such folder /x', count: 3 }]);
    const info = addMessage(third.messages, 'info', 'ENOENT: no such folder /x', 4);
    expect(info.messages.map((m) => [m.id, m.kind, m.count])).toEqual([
      [1, 'error', 3],
      [4, 'info', 1],
    ]);
  });
});
