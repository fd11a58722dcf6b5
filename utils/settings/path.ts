/**
 * Dotted paths into settings (`reader.fontSize`): the one get/set/clone the schema, validation,
 * repair and the editors share. Settings are plain JSON, so a JSON round trip is a full copy.
 */

export function clone<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

export function getPath(obj: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (o !== null && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), obj);
}

/** Sets in place, creating the objects on the way; callers that must not mutate use `withPath`. */
export function setPath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let o = obj;
  for (const k of keys.slice(0, -1)) {
    if (o[k] === null || typeof o[k] !== 'object') o[k] = {};
    o = o[k] as Record<string, unknown>;
  }
  o[keys[keys.length - 1] as string] = value;
}

/** A copy with one leaf replaced; the original is untouched (Preact compares state by identity). */
export function withPath<T>(obj: T, path: string, value: unknown): T {
  const copy = clone(obj) as Record<string, unknown>;
  setPath(copy, path, clone(value));
  return copy as T;
}
