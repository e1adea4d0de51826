package dev.observability.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every method of every {@code java.sql} interface we wrap, default methods included, must be
 * implemented by a wrapper class itself: a method left to an interface default would bypass the
 * driver (and a default that throws would break a call the driver supports).
 */
class WrapperCompletenessTest {

  static Stream<Arguments> wrappers() {
    return Stream.of(
        Arguments.of(Connection.class, ConnectionWrapper.class),
        Arguments.of(Statement.class, StatementWrapper.class),
        Arguments.of(PreparedStatement.class, PreparedStatementWrapper.class),
        Arguments.of(CallableStatement.class, CallableStatementWrapper.class),
        Arguments.of(ResultSet.class, ResultSetWrapper.class),
        Arguments.of(DatabaseMetaData.class, DatabaseMetaDataWrapper.class));
  }

  @ParameterizedTest
  @MethodSource("wrappers")
  void everyInterfaceMethodIsImplementedByAWrapper(Class<?> api, Class<?> wrapper)
      throws Exception {
    List<String> missing = new ArrayList<>();
    int checked = 0;
    for (Method method : api.getMethods()) {
      if (Modifier.isStatic(method.getModifiers())) {
        continue;
      }
      Method implementation = wrapper.getMethod(method.getName(), method.getParameterTypes());
      checked++;
      if (implementation.getDeclaringClass().isInterface()) {
        missing.add(method.toString());
      }
    }
    assertThat(missing)
        .as("methods of %s left to interface defaults", api.getSimpleName())
        .isEmpty();
    assertThat(checked).isGreaterThan(10);
    assertThat(api.isAssignableFrom(wrapper)).isTrue();
  }
}
