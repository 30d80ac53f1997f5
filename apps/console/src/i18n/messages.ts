/** The English messages must have exactly the Norwegian ones' keys: a missing translation fails the build. */
export type Messages<T> = { [K in keyof T]: T[K] extends string ? string : Messages<T[K]> };
