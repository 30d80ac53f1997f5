/** Every error the HTTP API answers has this shape. */
export interface ApiErrorBody {
  statusCode: number;
  error: string;
  message: string | string[];
}

/** A JSON value, as stored in `jsonb` columns. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };
