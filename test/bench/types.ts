/** One row of `npm run bench`'s table. Each area's bench module exports `rows(): Promise<BenchRow[]>`. */
export interface BenchRow {
  area: string;
  name: string;
  value: string;
  /** The target, in words ("p99 ≤ 2 ms"), and whether it is met; omitted when there is none. */
  target?: string;
  ok?: boolean;
}
