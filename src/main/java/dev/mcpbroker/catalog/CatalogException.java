package dev.mcpbroker.catalog;

/**
 * Reports a catalog that cannot be used: a file that does not load (the message starts with {@code
 * file:line: }) or a tool input schema that does not compile.
 */
public final class CatalogException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** JSON pointer inside the offending schema, so the loader can name its line; may be empty. */
  private final String schemaPointer;

  public CatalogException(String message) {
    this(message, "", null);
  }

  public CatalogException(String message, Throwable cause) {
    this(message, "", cause);
  }

  CatalogException(String message, String schemaPointer, Throwable cause) {
    super(message, cause);
    this.schemaPointer = schemaPointer;
  }

  String schemaPointer() {
    return schemaPointer;
  }
}
