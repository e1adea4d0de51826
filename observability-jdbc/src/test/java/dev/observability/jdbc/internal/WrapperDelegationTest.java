package dev.observability.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.observability.core.Redactor;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every method of every wrapper reaches the driver's object as the same method with the same
 * arguments, whether it is plain generated delegation or a hand-written method that measures or
 * wraps. Only the back-references ({@code getConnection()}, {@code getStatement()}) answer without
 * the driver, since they must return our wrappers.
 */
class WrapperDelegationTest {

  private static final Set<String> BACK_REFERENCES = Set.of("getConnection()", "getStatement()");

  private static final JdbcInstrumentation INSTRUMENTATION =
      new JdbcInstrumentation(
          OpenTelemetry.noop().getTracer("test"),
          new SimpleMeterRegistry(),
          Redactor.none(),
          DatabaseUrl.parse("jdbc:h2:mem:delegation"),
          new JdbcInstrumentation.Settings(Long.MAX_VALUE, 1_000, true, 16));

  static Stream<Arguments> wrappers() {
    return Stream.of(
        wrapper(Connection.class, c -> new ConnectionWrapper(c, INSTRUMENTATION, null)),
        wrapper(Statement.class, s -> new StatementWrapper<>(s, connection(), INSTRUMENTATION)),
        wrapper(
            PreparedStatement.class,
            s -> new PreparedStatementWrapper<>(s, connection(), INSTRUMENTATION, "SELECT 1")),
        wrapper(
            CallableStatement.class,
            s -> new CallableStatementWrapper(s, connection(), INSTRUMENTATION, "CALL x()")),
        wrapper(ResultSet.class, r -> new ResultSetWrapper(r, null)),
        wrapper(DatabaseMetaData.class, m -> new DatabaseMetaDataWrapper(m, null)));
  }

  private static <T> Arguments wrapper(Class<T> api, Function<T, T> wrap) {
    return Arguments.of(api, wrap);
  }

  private static ConnectionWrapper connection() {
    return new ConnectionWrapper(
        recorder(Connection.class, new ArrayList<>()), INSTRUMENTATION, null);
  }

  @ParameterizedTest
  @MethodSource("wrappers")
  <T> void everyMethodReachesTheDriverWithTheSameArguments(Class<T> api, Function<T, T> wrap)
      throws Exception {
    List<Object[]> calls = new ArrayList<>();
    T wrapper = wrap.apply(recorder(api, calls));
    List<String> wrong = new ArrayList<>();
    int checked = 0;
    for (Method method : api.getMethods()) {
      if (Modifier.isStatic(method.getModifiers())
          || BACK_REFERENCES.contains(method.getName() + "()") && method.getParameterCount() == 0) {
        continue;
      }
      Object[] args = sampleArguments(method);
      calls.clear();
      try {
        method.invoke(wrapper, args);
      } catch (InvocationTargetException e) {
        wrong.add(method + " threw " + e.getCause());
        continue;
      }
      checked++;
      boolean delegated =
          calls.size() == 1
              && sameMethod((Method) calls.get(0)[0], method)
              && Arrays.deepEquals((Object[]) calls.get(0)[1], args);
      if (!delegated) {
        wrong.add(method.toString());
      }
    }
    assertThat(wrong).as("methods of %s not delegated as called", api.getSimpleName()).isEmpty();
    assertThat(checked).isGreaterThan(10);
  }

  private static boolean sameMethod(Method a, Method b) {
    return a.getName().equals(b.getName())
        && Arrays.equals(a.getParameterTypes(), b.getParameterTypes());
  }

  /** A driver object that records each call as {method, arguments} and answers with defaults. */
  private static <T> T recorder(Class<T> api, List<Object[]> calls) {
    return api.cast(
        Proxy.newProxyInstance(
            api.getClassLoader(),
            new Class<?>[] {api},
            (proxy, method, args) -> {
              calls.add(new Object[] {method, args == null ? new Object[0] : args});
              return defaultValue(method.getReturnType());
            }));
  }

  /** Distinct, non-default values, so that a swapped or dropped argument is seen. */
  private static Object[] sampleArguments(Method method) {
    Class<?>[] types = method.getParameterTypes();
    Object[] args = new Object[types.length];
    for (int i = 0; i < types.length; i++) {
      Class<?> type = types[i];
      int n = i + 3;
      if (type == int.class) {
        args[i] = n;
      } else if (type == long.class) {
        args[i] = (long) n;
      } else if (type == short.class) {
        args[i] = (short) n;
      } else if (type == byte.class) {
        args[i] = (byte) n;
      } else if (type == double.class) {
        args[i] = (double) n;
      } else if (type == float.class) {
        args[i] = (float) n;
      } else if (type == boolean.class) {
        args[i] = true;
      } else if (type == String.class) {
        args[i] = "SELECT " + n;
      } else if (type == Class.class) {
        args[i] = StringBuilder.class; // never the wrapper itself, so unwrap delegates
      } else if (type.isArray()) {
        args[i] = Array.newInstance(type.getComponentType(), n);
      } else {
        args[i] = null;
      }
    }
    return args;
  }

  private static Object defaultValue(Class<?> type) {
    if (!type.isPrimitive() || type == void.class) {
      return null;
    }
    if (type == boolean.class) {
      return false;
    }
    if (type == long.class) {
      return 0L;
    }
    if (type == double.class) {
      return 0d;
    }
    if (type == float.class) {
      return 0f;
    }
    if (type == short.class) {
      return (short) 0;
    }
    if (type == byte.class) {
      return (byte) 0;
    }
    return 0;
  }
}
