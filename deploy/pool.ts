/**
 * Runs `task` for every item, at most `limit` at a time (0: no limit), and resolves to the results
 * in the items' order once all have settled; one task failing does not stop the others.
 */
export async function inPool<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<PromiseSettledResult<R>[]> {
  const results: PromiseSettledResult<R>[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      try {
        results[i] = { status: "fulfilled", value: await task(items[i]!) };
      } catch (reason) {
        results[i] = { status: "rejected", reason };
      }
    }
  };
  const workers = limit <= 0 ? items.length : Math.min(limit, items.length);
  await Promise.all(Array.from({ length: workers }, worker));
  return results;
}
