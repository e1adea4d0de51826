package dev.observability.core;

import dev.observability.core.spi.ContainedFailures;
import dev.observability.core.spi.ErrorGroups;
import dev.observability.core.spi.ErrorTypes;
import dev.observability.core.spi.SpanExceptions;
import dev.observability.core.spi.SpanScopes;
import io.micrometer.core.annotation.Counted;
import io.micrometer.core.annotation.Timed;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.opentelemetry.semconv.ErrorAttributes;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Honours the annotations users already know, without a bytecode agent or Spring AOP: a JDK dynamic
 * proxy over an interface that, for each annotated method,
 *
 * <ul>
 *   <li>{@link WithSpan}: starts a span (name and kind from the annotation, else {@code
 *       Interface.method}), current during the call, with {@link SpanAttribute} parameters as
 *       attributes (strings redacted), exceptions recorded and the status set;
 *   <li>{@link Timed}: records a Micrometer timer with the annotation's name (default {@code
 *       method.timed}), extra tags, histogram and percentiles, tagged {@code class}, {@code method}
 *       and {@code exception};
 *   <li>{@link Counted}: increments a counter (default {@code method.counted}) tagged {@code
 *       class}, {@code method}, {@code result} and {@code exception}, or failures only;
 *   <li>logs one WARN {@code slow operation} on {@code dev.observability.timing} when the call
 *       exceeds its {@link SlowThreshold} (default 1 s).
 * </ul>
 *
 * <p>A failure that leaves an annotated method called outside any request, job or span (a {@code
 * main} loop, a scheduler thread of your own) has nothing above it that would count it: it is
 * counted as an uncaught error ({@code errors.uncaught} by {@code error.type} and {@code
 * error.fingerprint}, see {@link dev.observability.core.spi.ErrorGroups}) and logged once at ERROR,
 * {@code uncaught failure} on {@value #UNCAUGHT_LOGGER}. Inside a request or a job the failure is
 * the request's or the job's to count if it escapes them, and is not counted here: it may well be
 * handled above.
 *
 * <p>Annotations are read from the interface method and from the implementation's method. What to
 * do for each method is worked out once, when the proxy is made; unannotated methods, {@code
 * equals}, {@code hashCode} and {@code toString} go straight to the implementation. Exceptions,
 * checked ones included, pass through unchanged. For methods returning a {@link CompletionStage}
 * (such as {@code CompletableFuture}), the span and meters end when the stage completes, and the
 * caller gets the very stage the implementation returned.
 *
 * <pre>{@code
 * TaskService tasks = Observed.proxy(observability, TaskService.class, new JdbcTaskService(dataSource));
 *
 * class JdbcTaskService implements TaskService {
 *   @WithSpan("tasks.create")
 *   @Timed(value = "tasks.operation", extraTags = {"operation", "create"}, histogram = true)
 *   public Task create(@SpanAttribute("user.id") long userId, String title) { ... }
 * }
 * }</pre>
 */
public final class Observed {

  private static final Logger SLOW = LoggerFactory.getLogger("dev.observability.timing");

  /** The logger of failures leaving an annotated method that runs outside any request or job. */
  public static final String UNCAUGHT_LOGGER = "dev.observability.errors";

  private static final Logger UNCAUGHT = LoggerFactory.getLogger(UNCAUGHT_LOGGER);

  /** How many method plans were computed; tests check it does not grow per call. */
  static final AtomicInteger PLANS_COMPUTED = new AtomicInteger();

  private Observed() {}

  /**
   * Returns a proxy of {@code implementation} that observes its annotated methods, using {@link
   * Observability#global()}.
   *
   * @param type the interface
   * @param implementation the object to call
   * @param <T> the interface type
   * @return the observing proxy
   */
  public static <T> T proxy(Class<T> type, T implementation) {
    return proxy(Observability.global(), type, implementation);
  }

  /**
   * Returns a proxy of {@code implementation} that observes its annotated methods.
   *
   * @param observability where spans, meters and settings come from
   * @param type the interface
   * @param implementation the object to call
   * @param <T> the interface type
   * @return the observing proxy
   * @throws IllegalArgumentException if {@code type} is not an interface
   */
  public static <T> T proxy(Observability observability, Class<T> type, T implementation) {
    Objects.requireNonNull(observability, "observability");
    Objects.requireNonNull(implementation, "implementation");
    if (!Objects.requireNonNull(type, "type").isInterface()) {
      throw new IllegalArgumentException(
          type.getName() + " is not an interface; Observed proxies interfaces");
    }
    Handler handler = new Handler(observability, type, implementation);
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
  }

  private static final class Handler implements InvocationHandler {
    private final Object target;
    private final Map<Method, Plan> plans;

    /** Accessible copies of the interface's methods: services are often package-private. */
    private final Map<Method, Method> invokers;

    Handler(Observability observability, Class<?> type, Object target) {
      this.target = target;
      Map<Method, Method> accessible = new HashMap<>();
      Map<Method, Plan> map = new HashMap<>();
      Duration defaultSlow =
          observability
              .config()
              .getDuration(
                  ObservabilityConfig.SLOW_THRESHOLD, ObservabilityConfig.DEFAULT_SLOW_THRESHOLD);
      for (Method method : type.getMethods()) {
        // getMethods() hands out copies; an accessible copy serves every call, since the proxy's
        // own Method objects are equal to it as map keys.
        method.trySetAccessible();
        accessible.put(method, method);
        Plan plan =
            Plan.of(observability, type, method, implementationMethod(target, method), defaultSlow);
        if (plan != null) {
          map.put(method, plan);
        }
      }
      this.invokers = Map.copyOf(accessible);
      this.plans = Map.copyOf(map);
    }

    private static Method implementationMethod(Object target, Method method) {
      try {
        return target.getClass().getMethod(method.getName(), method.getParameterTypes());
      } catch (NoSuchMethodException e) {
        return method; // an interface default the class does not override
      }
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      if (method.getDeclaringClass() == Object.class) {
        return objectMethod(proxy, method, args);
      }
      Plan plan = plans.get(method);
      if (plan == null) {
        return call(method, args);
      }
      return plan.invoke(this, method, args);
    }

    Object call(Method method, Object[] args) throws Throwable {
      Method invoker = invokers.getOrDefault(method, method);
      try {
        return invoker.invoke(target, args);
      } catch (InvocationTargetException e) {
        throw e.getCause(); // unchanged: never wrapped in UndeclaredThrowableException
      }
    }

    private Object objectMethod(Object proxy, Method method, Object[] args) {
      switch (method.getName()) {
        case "equals":
          Object other = args[0];
          if (other == proxy) {
            return true;
          }
          if (other == null || !Proxy.isProxyClass(other.getClass())) {
            return false;
          }
          InvocationHandler handler = Proxy.getInvocationHandler(other);
          return handler instanceof Handler && ((Handler) handler).target.equals(target);
        case "hashCode":
          return target.hashCode();
        default:
          return target.toString();
      }
    }
  }

  /** What to do around one method, worked out once. */
  private static final class Plan {
    final Tracer tracer;
    final String spanName;
    final SpanKind spanKind;
    final AttributeKey<?>[] attributeKeys;
    final int[] attributeIndexes;
    final MeterRegistry registry;
    final Timed timed;
    final Timer successTimer;
    final Map<Class<?>, Timer> failureTimers = new ConcurrentHashMap<>();
    final Counted counted;
    final Counter successCounter;
    final Map<Class<?>, Counter> failureCounters = new ConcurrentHashMap<>();
    final Tags baseTags;
    final long slowNanos;
    final String operationName;
    final Redactor redactor;
    final ErrorGroups errorGroups;

    private Plan(
        Observability observability,
        Class<?> type,
        Method method,
        WithSpan withSpan,
        Timed timed,
        Counted counted,
        SlowThreshold slow,
        Method implementation,
        Duration defaultSlow) {
      PLANS_COMPUTED.incrementAndGet();
      this.operationName = type.getSimpleName() + "." + method.getName();
      this.tracer = withSpan != null ? observability.tracer() : null;
      this.spanName =
          withSpan == null ? null : withSpan.value().isEmpty() ? operationName : withSpan.value();
      this.spanKind = withSpan == null ? SpanKind.INTERNAL : withSpan.kind();
      this.registry = observability.meterRegistry();
      this.redactor = observability.redactor();
      this.errorGroups = observability.errorGroups();
      this.baseTags = Tags.of("class", type.getSimpleName(), "method", method.getName());
      this.counted = counted;
      this.slowNanos =
          slow != null ? TimeUnit.MILLISECONDS.toNanos(slow.millis()) : defaultSlow.toNanos();
      // Span attributes: from the interface's parameters, else the implementation's.
      Parameter[] parameters = method.getParameters();
      Parameter[] implParameters = implementation.getParameters();
      int count = 0;
      AttributeKey<?>[] keys = new AttributeKey<?>[parameters.length];
      int[] indexes = new int[parameters.length];
      for (int i = 0; i < parameters.length && withSpan != null; i++) {
        SpanAttribute attribute = parameters[i].getAnnotation(SpanAttribute.class);
        Parameter named = parameters[i];
        if (attribute == null) {
          attribute = implParameters[i].getAnnotation(SpanAttribute.class);
          named = implParameters[i];
        }
        if (attribute != null) {
          String name =
              !attribute.value().isEmpty()
                  ? attribute.value()
                  : named.isNamePresent() ? named.getName() : "arg" + i;
          keys[count] = keyFor(name, parameters[i].getType());
          indexes[count] = i;
          count++;
        }
      }
      this.attributeKeys = java.util.Arrays.copyOf(keys, count);
      this.attributeIndexes = java.util.Arrays.copyOf(indexes, count);
      this.timed = timed;
      this.successTimer = timed == null ? null : timer("none");
      this.successCounter =
          counted == null || counted.recordFailuresOnly() ? null : counter("success", "none");
    }

    /** A fresh builder each time: Micrometer's builders are mutable and not thread-safe. */
    private Timer timer(String exception) {
      Timer.Builder builder =
          Timer.builder(timed.value().isEmpty() ? "method.timed" : timed.value())
              .tags(baseTags)
              .tags(timed.extraTags())
              .tag("exception", exception)
              .publishPercentileHistogram(timed.histogram());
      if (timed.percentiles().length > 0) {
        builder = builder.publishPercentiles(timed.percentiles());
      }
      if (!timed.description().isEmpty()) {
        builder = builder.description(timed.description());
      }
      return builder.register(registry);
    }

    private Counter counter(String result, String exception) {
      Counter.Builder builder =
          Counter.builder(counted.value().isEmpty() ? "method.counted" : counted.value())
              .tags(baseTags)
              .tags(counted.extraTags())
              .tag("result", result)
              .tag("exception", exception);
      if (!counted.description().isEmpty()) {
        builder = builder.description(counted.description());
      }
      return builder.register(registry);
    }

    static Plan of(
        Observability observability,
        Class<?> type,
        Method method,
        Method implementation,
        Duration defaultSlow) {
      WithSpan withSpan = annotation(method, implementation, WithSpan.class);
      Timed timed = annotation(method, implementation, Timed.class);
      Counted counted = annotation(method, implementation, Counted.class);
      SlowThreshold slow = annotation(method, implementation, SlowThreshold.class);
      if (withSpan == null && timed == null && counted == null && slow == null) {
        return null;
      }
      return new Plan(
          observability, type, method, withSpan, timed, counted, slow, implementation, defaultSlow);
    }

    private static <A extends java.lang.annotation.Annotation> A annotation(
        Method method, Method implementation, Class<A> type) {
      A found = implementation.getAnnotation(type);
      return found != null ? found : method.getAnnotation(type);
    }

    private static AttributeKey<?> keyFor(String name, Class<?> type) {
      if (type == long.class
          || type == int.class
          || type == short.class
          || type == byte.class
          || type == Long.class
          || type == Integer.class
          || type == Short.class
          || type == Byte.class) {
        return AttributeKey.longKey(name);
      }
      if (type == double.class
          || type == float.class
          || type == Double.class
          || type == Float.class) {
        return AttributeKey.doubleKey(name);
      }
      if (type == boolean.class || type == Boolean.class) {
        return AttributeKey.booleanKey(name);
      }
      return AttributeKey.stringKey(name);
    }

    Object invoke(Handler handler, Method method, Object[] args) throws Throwable {
      // Outside any request, job or span, nothing above will count a failure that leaves this
      // method: it is the outermost observed code, so its failure is an uncaught error.
      boolean outermost =
          RequestContext.current() == null && !Span.current().getSpanContext().isValid();
      Span span = startSpan(args);
      long start = System.nanoTime();
      Object result;
      try (Scope ignored = SpanScopes.makeCurrent(span)) {
        result = handler.call(method, args);
      } catch (Throwable failure) {
        finish(span, System.nanoTime() - start, failure, outermost);
        throw failure;
      }
      if (result instanceof CompletionStage) {
        // Time to completion; hand back the very stage, so cancellation and identity are kept.
        ((CompletionStage<?>) result)
            .whenComplete(
                (value, failure) ->
                    finish(span, System.nanoTime() - start, unwrap(failure), outermost));
        return result;
      }
      finish(span, System.nanoTime() - start, null, outermost);
      return result;
    }

    private static Throwable unwrap(Throwable failure) {
      Throwable t = failure;
      while ((t instanceof CompletionException || t instanceof ExecutionException)
          && t.getCause() != null) {
        t = t.getCause();
      }
      return t;
    }

    @SuppressWarnings("unchecked")
    private Span startSpan(Object[] args) {
      if (tracer == null) {
        return Span.getInvalid();
      }
      try {
        SpanBuilder builder = tracer.spanBuilder(spanName).setSpanKind(spanKind);
        for (int i = 0; i < attributeKeys.length; i++) {
          Object value = args[attributeIndexes[i]];
          if (value == null) {
            continue;
          }
          AttributeKey<?> key = attributeKeys[i];
          switch (key.getType()) {
            case LONG ->
                builder.setAttribute((AttributeKey<Long>) key, ((Number) value).longValue());
            case DOUBLE ->
                builder.setAttribute((AttributeKey<Double>) key, ((Number) value).doubleValue());
            case BOOLEAN -> builder.setAttribute((AttributeKey<Boolean>) key, (Boolean) value);
            default ->
                builder.setAttribute(
                    (AttributeKey<String>) key, redactor.redact(String.valueOf(value)));
          }
        }
        return builder.startSpan();
      } catch (RuntimeException e) {
        ContainedFailures.report("observed", e);
        return Span.getInvalid();
      }
    }

    private void finish(Span span, long nanos, Throwable failure, boolean outermost) {
      try {
        if (failure != null) {
          SpanExceptions.record(span, failure, redactor);
          span.setStatus(StatusCode.ERROR);
          span.setAttribute(ErrorAttributes.ERROR_TYPE, ErrorTypes.of(failure));
        }
        if (failure != null && outermost) {
          String fingerprint = errorGroups.record(failure);
          UNCAUGHT
              .atError()
              .setCause(failure)
              .addKeyValue("operation", operationName)
              .addKeyValue("error_type", ErrorTypes.of(failure))
              .addKeyValue("error_fingerprint", fingerprint)
              .log("uncaught failure");
        }
        span.end();
        if (timed != null) {
          Timer timer =
              failure == null
                  ? successTimer
                  : failureTimers.computeIfAbsent(
                      failure.getClass(), c -> timer(c.getSimpleName()));
          timer.record(nanos, TimeUnit.NANOSECONDS);
        }
        if (counted != null) {
          Counter counter =
              failure == null
                  ? successCounter
                  : failureCounters.computeIfAbsent(
                      failure.getClass(), c -> counter("failure", c.getSimpleName()));
          if (counter != null) {
            counter.increment();
          }
        }
        if (nanos > slowNanos) {
          SLOW.atWarn()
              .addKeyValue("operation", operationName)
              .addKeyValue("duration_ms", TimeUnit.NANOSECONDS.toMillis(nanos))
              .addKeyValue("threshold_ms", TimeUnit.NANOSECONDS.toMillis(slowNanos))
              .log("slow operation");
        }
      } catch (RuntimeException e) {
        ContainedFailures.report("observed", e);
      }
    }
  }
}
