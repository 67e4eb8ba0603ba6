/**
 * What the message-broker goldens (amqp, kafka) check on the raw message
 * stream, since it does not depend on the cache's order: markers first and
 * last, every multi-values message newline-terminated, within the
 * multi_values bytes, and packed greedily (the next message's first object
 * would not have fitted).
 *
 * `bodies` are one writer's messages in the order it sent them.
 */
export function checkBrokerPacking(bodies: readonly string[], markers: boolean, multiValues: number): string[] {
  const problems: string[] = [];
  let data = bodies;
  if (markers) {
    if (!bodies[0]?.startsWith('{"event_type": "purge_init"')) problems.push('the first message is not purge_init');
    if (!bodies.at(-1)?.startsWith('{"event_type": "purge_close"')) problems.push('the last message is not purge_close');
    data = bodies.slice(1, -1);
  }
  const mv = multiValues;
  if (mv === 0) return problems;
  data.forEach((body, i) => {
    if (!body.endsWith('\n')) problems.push(`multi-values message ${i} does not end with a newline`);
    if (Buffer.byteLength(body) >= mv) problems.push(`multi-values message ${i} has ${Buffer.byteLength(body)} bytes (multi_values ${mv})`);
    const next = data[i + 1];
    if (next !== undefined) {
      const first = next.slice(0, next.indexOf('\n') + 1);
      if (Buffer.byteLength(first) < mv - Buffer.byteLength(body)) problems.push(`multi-values message ${i} was sent while the next object still fitted`);
    }
  });
  return problems;
}
