/** What every route function accepts besides its own arguments. */
export interface CallOptions {
  signal?: AbortSignal;
}
