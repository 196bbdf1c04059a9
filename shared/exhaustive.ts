// The end of every exhaustive switch: a `default` that only compiles when every case is handled.

/** Compile-time proof that a switch covered every case; throws if a value outside the type arrives
 * at run time (a peer or an older build sent something this code does not know). */
export function exhaustiveSwitchError(value: never): never {
  throw new Error(`Unhandled case: ${String(value)}`);
}
