package dev.observability.jdbc.internal;

import io.opentelemetry.api.common.AttributeKey;

/**
 * The stable {@code db.*} attribute keys of the semantic conventions. They are named here rather
 * than taken from {@code io.opentelemetry.semconv.DbAttributes} because that class exists only
 * since semconv 1.33, and Spring Boot 3.5 manages semconv at 1.32: with it, every connection would
 * fail on a missing class. The other semconv classes the library uses are older than that. A test
 * checks these keys against {@code DbAttributes} of the version we build with.
 *
 * <p>Internal; not for public use, may change at any time.
 */
public final class DbAttributeKeys {

  /** {@code db.system.name}. */
  public static final AttributeKey<String> DB_SYSTEM_NAME =
      AttributeKey.stringKey("db.system.name");

  /** {@code db.operation.name}. */
  public static final AttributeKey<String> DB_OPERATION_NAME =
      AttributeKey.stringKey("db.operation.name");

  /** {@code db.query.text}. */
  public static final AttributeKey<String> DB_QUERY_TEXT = AttributeKey.stringKey("db.query.text");

  /** {@code db.collection.name}. */
  public static final AttributeKey<String> DB_COLLECTION_NAME =
      AttributeKey.stringKey("db.collection.name");

  /** {@code db.operation.batch.size}. */
  public static final AttributeKey<Long> DB_OPERATION_BATCH_SIZE =
      AttributeKey.longKey("db.operation.batch.size");

  private DbAttributeKeys() {}
}
