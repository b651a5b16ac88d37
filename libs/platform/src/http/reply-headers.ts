/**
 * What a controller may do to its answer beside returning the body, through
 * `@Res({ passthrough: true })`: set a header (ETag, Location, …). Kept this narrow so no
 * controller depends on the HTTP server's own reply type.
 */
export interface ReplyHeaders {
  header(name: string, value: string): unknown;
}
