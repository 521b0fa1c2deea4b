import { createParser } from 'eventsource-parser';

/** One Server-Sent Event with its JSON data. */
export interface StreamEvent {
  /** The event's name (`snapshot`, `progress`, …). */
  type: string;
  id: string | undefined;
  data: unknown;
}

/** The events of one SSE response as they arrive; it ends when the server closes the stream. */
export async function* readEventStream(
  body: ReadableStream<Uint8Array>,
): AsyncGenerator<StreamEvent> {
  const parsed: StreamEvent[] = [];
  const parser = createParser({
    onEvent: (message) =>
      parsed.push({
        type: message.event ?? 'message',
        id: message.id,
        data: message.data === '' ? null : JSON.parse(message.data),
      }),
  });
  const decoder = new TextDecoder();
  for await (const chunk of body) {
    parser.feed(decoder.decode(chunk, { stream: true }));
    while (parsed.length > 0) yield parsed.shift()!;
  }
}
