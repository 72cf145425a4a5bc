/**
 * The package's version, as package.json says (a unit test holds them equal). A constant, not a
 * read of package.json: the API's bundle (OpenAPI `info.version`) and the compiled package have no
 * package.json beside them at the path the sources would use.
 */
export const VERSION = '0.1.0';
