import type { EventEmitter } from 'node:events';
import * as ws from 'ws';
import { textFrame } from './frames';

/** ws's frame parser: exported at run time, missing from its type definitions. */
const { Receiver } = ws as unknown as {
  Receiver: new (options: { isServer: boolean }) => EventEmitter & { write(chunk: Buffer): boolean };
};

/** What ws's own client-side parser makes of a frame: the text messages it reads. */
function parse(frame: Buffer): string[] {
  const messages: string[] = [];
  const receiver = new Receiver({ isServer: false });
  receiver.on('message', (data: Buffer, isBinary: boolean) => {
    expect(isBinary).toBe(false);
    messages.push(data.toString('utf8'));
  });
  receiver.on('error', (e: Error) => {
    throw e;
  });
  receiver.write(frame);
  return messages;
}

describe('textFrame', () => {
  it.each([0, 5, 125, 126, 300, 65535, 65536, 200_000])('frames %i bytes as ws reads them', (size) => {
    const text = 'ä'.repeat(Math.floor(size / 2)) + 'x'.repeat(size % 2);
    const payload = Buffer.from(text, 'utf8');
    expect(payload.length).toBe(size);
    const frame = textFrame(payload);
    expect(frame.length).toBe(size + (size < 126 ? 2 : size < 65536 ? 4 : 10));
    expect(parse(frame)).toEqual([text]);
  });
});
