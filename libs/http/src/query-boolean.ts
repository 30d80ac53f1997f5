/**
 * `@Transform` for a boolean query parameter: the strings `true` and `false` become booleans,
 * anything else is left as it came so `@IsBoolean` refuses it with a 400.
 */
export const queryBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);
