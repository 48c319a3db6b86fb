/**
 * A process that dies before its `n`-th write: the named methods of the wrapped ports count as writes, and from the
 * `n`-th on each throws before it reaches the store (a dead process writes nothing more). Reads go through.
 */
export function cutBeforeWrite(n: number) {
  let writes = 0;
  const cut = <T extends object>(port: T, methods: readonly (keyof T & string)[]): T => new Proxy(port, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function' || !methods.includes(prop as keyof T & string)) return value;
      return (...args: unknown[]) => {
        if (++writes >= n) return Promise.reject(new Error(`cut before write ${n}`));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { cut, writes: () => writes };
}
