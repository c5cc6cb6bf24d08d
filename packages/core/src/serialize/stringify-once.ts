const cache = new WeakMap<object, string>();

/**
 * JSON.stringify, remembered per object: a finished span's JSON is measured for the trace's size stats and then
 * written by the store, and must not be built twice. Only for objects that are never mutated afterwards.
 */
export function stringifyOnce(value: object): string {
  let text = cache.get(value);
  if (text === undefined) {
    text = JSON.stringify(value);
    cache.set(value, text);
  }
  return text;
}
