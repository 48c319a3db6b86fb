// aws-local-stepfunctions 3 targets Node >= 22 and calls Promise.withResolvers (ES2024) in every Task state. On Node 20
// the TypeError is thrown inside the Task, where Retry/Catch treat it as a task error, so workflows silently take their
// error paths instead of crashing. Install the standard behaviour before the library runs (see library.ts).

interface Resolvers<T> {
  promise: Promise<T>;
  resolve: (value: T | PromiseLike<T>) => void;
  reject: (reason?: unknown) => void;
}

const promiseConstructor: PromiseConstructor & { withResolvers?: unknown } = Promise;

if (typeof promiseConstructor.withResolvers !== 'function') {
  Object.defineProperty(Promise, 'withResolvers', {
    configurable: true,
    writable: true,
    value: function withResolvers<T>(): Resolvers<T> {
      let resolve: Resolvers<T>['resolve'] = () => undefined;
      let reject: Resolvers<T>['reject'] = () => undefined;
      const promise = new Promise<T>((onResolve, onReject) => {
        resolve = onResolve;
        reject = onReject;
      });
      return { promise, resolve, reject };
    },
  });
}
