package dev.observability.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.semconv.DbAttributes;
import org.junit.jupiter.api.Test;

class DbAttributeKeysTest {

  @Test
  void theKeysAreTheSemanticConventionsOwn() {
    assertThat(DbAttributeKeys.DB_SYSTEM_NAME).isEqualTo(DbAttributes.DB_SYSTEM_NAME);
    assertThat(DbAttributeKeys.DB_OPERATION_NAME).isEqualTo(DbAttributes.DB_OPERATION_NAME);
    assertThat(DbAttributeKeys.DB_QUERY_TEXT).isEqualTo(DbAttributes.DB_QUERY_TEXT);
    assertThat(DbAttributeKeys.DB_COLLECTION_NAME).isEqualTo(DbAttributes.DB_COLLECTION_NAME);
    assertThat(DbAttributeKeys.DB_OPERATION_BATCH_SIZE)
        .isEqualTo(DbAttributes.DB_OPERATION_BATCH_SIZE);
  }
}
