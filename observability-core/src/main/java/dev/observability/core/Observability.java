package dev.observability.core;

import dev.observability.core.internal.ExportTelemetry;
import dev.observability.core.internal.MeterRegistries;
import dev.observability.core.internal.OtelDiagnostics;
import dev.observability.core.spi.ContainedFailures;
import dev.observability.core.spi.ErrorGroups;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmHeapPressureMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.semconv.ServiceAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry point: builds and owns the OpenTelemetry SDK and the Micrometer registry the other
 * modules emit to.
 *
 * <p>Tracing is configured by OpenTelemetry's own autoconfigure module, so every standard {@code
 * OTEL_*} environment variable and {@code otel.*} system property works (service name, resource
 * attributes, exporter endpoint and protocol, sampler). Two defaults differ from plain
 * autoconfigure: when no OTLP endpoint and no traces exporter are configured, spans are still
 * created (so logs carry {@code trace_id} and {@code span_id}) but nothing is exported and no
 * connection errors are logged; and OpenTelemetry's own metrics and logs exporters default to
 * {@code none}, since metrics flow through Micrometer.
 *
 * <p>The registry is Micrometer's Prometheus registry when {@code micrometer-registry-prometheus}
 * is on the class path (plus an OTLP push registry when {@value ObservabilityConfig#METRICS_OTLP}
 * is true), else a {@link SimpleMeterRegistry}. JVM metrics are bound unless switched off.
 *
 * <pre>{@code
 * Observability observability = Observability.builder()
 *     .serviceName("checkout")
 *     .serviceVersion("1.4.2")
 *     .install();                      // also becomes Observability.global()
 * Tracer tracer = observability.tracer();
 * MeterRegistry registry = observability.meterRegistry();
 * }</pre>
 *
 * <p>{@link #close()} flushes spans and metrics within {@value
 * ObservabilityConfig#SHUTDOWN_TIMEOUT} (default 5 s); it runs from a JVM shutdown hook unless that
 * is switched off.
 */
public final class Observability implements AutoCloseable {

  /** The instrumentation scope name used for the library's spans. */
  public static final String INSTRUMENTATION_NAME = "dev.observability";

  /**
   * The release marker: a gauge of value 1 tagged {@code service.name}, {@code service.version} and
   * {@code deployment.environment} (empty when not set), so a dashboard can mark a version change
   * and an alert can fire on one.
   */
  public static final String METRIC_SERVICE_INFO = "service.info";

  private static final Logger LOG = LoggerFactory.getLogger(Observability.class);
  private static final Object GLOBAL_LOCK = new Object();
  private static volatile Observability global;

  private final ObservabilityConfig config;
  private final OpenTelemetry openTelemetry;
  private final OpenTelemetrySdk ownedSdk;
  private final MeterRegistry meterRegistry;
  private final List<MeterRegistry> ownedRegistries;
  private final List<AutoCloseable> binders;
  private final ExportTelemetry exportTelemetry;
  private final Tracer tracer;
  private final String serviceName;
  private final String serviceVersion;
  private final Duration shutdownTimeout;
  private final Thread shutdownHook;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final SecurityEvents securityEvents;
  private final Jobs jobs;
  private final ErrorGroups errorGroups;
  private final Redactor redactor;

  private Observability(Builder builder) {
    this.config = builder.configBuilder.build();
    this.redactor = builder.redactor;
    this.shutdownTimeout =
        config.getDuration(ObservabilityConfig.SHUTDOWN_TIMEOUT, Duration.ofSeconds(5));
    this.serviceVersion = config.get(ObservabilityConfig.SERVICE_VERSION, defaultVersion());
    String environment = config.get(ObservabilityConfig.ENVIRONMENT);
    this.exportTelemetry = new ExportTelemetry();

    if (builder.openTelemetry != null) {
      this.openTelemetry = builder.openTelemetry;
      this.ownedSdk = null;
      this.serviceName = config.get(ObservabilityConfig.SERVICE_NAME, "unknown_service:java");
    } else {
      OtelDiagnostics.acquire(); // before the SDK exists: its first complaints go to SLF4J too
      AtomicReference<Resource> resource = new AtomicReference<>(Resource.getDefault());
      try {
        this.ownedSdk =
            autoconfigure(
                    config,
                    builder.otelDefaults,
                    serviceVersion,
                    environment,
                    exportTelemetry,
                    resource)
                .getOpenTelemetrySdk();
      } catch (RuntimeException e) {
        OtelDiagnostics.release();
        throw e;
      }
      this.openTelemetry = ownedSdk;
      this.serviceName = resource.get().getAttribute(ServiceAttributes.SERVICE_NAME);
    }
    this.tracer = openTelemetry.getTracer(INSTRUMENTATION_NAME, serviceVersion);

    this.ownedRegistries = new ArrayList<>();
    if (builder.meterRegistry != null) {
      this.meterRegistry = builder.meterRegistry;
    } else {
      List<MeterRegistry> created =
          MeterRegistries.create(config.getBoolean(ObservabilityConfig.METRICS_OTLP, false));
      if (created.isEmpty()) {
        created.add(new SimpleMeterRegistry());
      }
      ownedRegistries.addAll(created);
      if (created.size() == 1) {
        this.meterRegistry = created.get(0);
      } else {
        CompositeMeterRegistry composite = new CompositeMeterRegistry();
        created.forEach(composite::add);
        ownedRegistries.add(composite);
        this.meterRegistry = composite;
      }
    }
    this.binders = new ArrayList<>();
    if (config.getBoolean(ObservabilityConfig.JVM_METRICS, true) && builder.meterRegistry == null) {
      bindJvmMetrics(meterRegistry, binders);
    }
    exportTelemetry.bindTo(meterRegistry);
    ContainedFailures.bindTo(meterRegistry);
    this.securityEvents = new SecurityEvents(meterRegistry, redactor);
    Gauge.builder(METRIC_SERVICE_INFO, () -> 1)
        .tag("service.name", serviceName == null ? "" : serviceName)
        .tag("service.version", serviceVersion)
        .tag("deployment.environment", environment == null ? "" : environment)
        .description("The running release: 1, tagged with the service's name, version, environment")
        .strongReference(true)
        .register(meterRegistry);
    this.errorGroups = new ErrorGroups(meterRegistry);
    this.jobs = new Jobs(tracer, meterRegistry, redactor, errorGroups);

    if (config.getBoolean(ObservabilityConfig.SHUTDOWN_HOOK, true)) {
      this.shutdownHook = new Thread(this::close, "observability-shutdown");
      Runtime.getRuntime().addShutdownHook(shutdownHook);
    } else {
      this.shutdownHook = null;
    }
  }

  /**
   * Starts building an instance.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the instance {@linkplain Builder#install() installed} by the application, creating one
   * from the environment on first use when none was. Modules that are switched on without code (the
   * servlet initializer, the JDBC driver) use this instance.
   *
   * @return the global instance
   */
  public static Observability global() {
    Observability current = global;
    if (current != null) {
      return current;
    }
    synchronized (GLOBAL_LOCK) {
      if (global == null) {
        global = builder().build();
      }
      return global;
    }
  }

  /**
   * Closes the {@linkplain #global() global} instance, if there is one, without creating one: for
   * the end of a web application or a test. The next {@link #global()} creates a new one.
   */
  public static void closeGlobal() {
    Observability current;
    synchronized (GLOBAL_LOCK) {
      current = global;
      global = null;
    }
    if (current != null) {
      current.close();
    }
  }

  /**
   * Returns the OpenTelemetry instance: the SDK built here, or the one handed in.
   *
   * @return the OpenTelemetry instance
   */
  public OpenTelemetry openTelemetry() {
    return openTelemetry;
  }

  /**
   * Returns the tracer the library's modules use.
   *
   * @return the tracer of scope {@value #INSTRUMENTATION_NAME}
   */
  public Tracer tracer() {
    return tracer;
  }

  /**
   * Returns the registry all metrics go to.
   *
   * @return the meter registry
   */
  public MeterRegistry meterRegistry() {
    return meterRegistry;
  }

  /**
   * Returns the redactor every module of this instance masks text with before it reaches a log, a
   * span or a metric: {@link Redaction#defaults()} unless the builder was given another.
   *
   * @return the redactor
   */
  public Redactor redactor() {
    return redactor;
  }

  /**
   * Returns the settings this instance was built with.
   *
   * @return the settings
   */
  public ObservabilityConfig config() {
    return config;
  }

  /**
   * Returns the service name on the resource.
   *
   * @return the service name
   */
  public String serviceName() {
    return serviceName;
  }

  /**
   * Returns the service version.
   *
   * @return the service version, {@code unknown} when none is known
   */
  public String serviceVersion() {
    return serviceVersion;
  }

  /**
   * Starts building a timed operation that records a span, a timer and a slow-operation WARN.
   *
   * @param name the span and metric name, such as {@code payment.authorize}
   * @return a builder
   */
  public Timing.Builder timing(String name) {
    return Timing.builder(this, name);
  }

  /**
   * Returns the grouping of uncaught failures, for integrations that see them (the server filter,
   * the job executor).
   *
   * @return the error groups
   */
  public ErrorGroups errorGroups() {
    return errorGroups;
  }

  /**
   * Returns the observed background work: executors and jobs with spans, metrics and failures.
   *
   * @return the jobs helper
   */
  public Jobs jobs() {
    return jobs;
  }

  /**
   * Returns the helper for security events.
   *
   * @return the security events helper
   */
  public SecurityEvents securityEvents() {
    return securityEvents;
  }

  /**
   * Returns how many spans were dropped: failed exports plus batch-queue overflow.
   *
   * @return the count since start
   */
  public long droppedSpans() {
    return exportTelemetry.dropped();
  }

  /**
   * Returns how many spans the exporter accepted.
   *
   * @return the count since start
   */
  public long exportedSpans() {
    return exportTelemetry.exported();
  }

  /**
   * Flushes and shuts down what this instance created, waiting at most the shutdown timeout; the
   * rest is abandoned. Safe to call more than once; never throws.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException alreadyShuttingDown) {
        // the hook is running or about to; nothing to undo
      }
    }
    synchronized (GLOBAL_LOCK) {
      if (global == this) {
        global = null;
      }
    }
    // Exporters may hang on a dead endpoint; do the work on a daemon thread and stop waiting at
    // the bound, so that neither the application nor JVM exit is held up.
    Thread worker = new Thread(this::shutdownNow, "observability-close");
    worker.setDaemon(true);
    worker.start();
    try {
      worker.join(shutdownTimeout.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (worker.isAlive()) {
      LOG.warn(
          "observability shutdown did not finish within {} ms; abandoning unsent telemetry",
          shutdownTimeout.toMillis());
    }
  }

  private void shutdownNow() {
    if (ownedSdk != null) {
      try {
        ownedSdk.shutdown().join(shutdownTimeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (RuntimeException e) {
        ContainedFailures.report("shutdown", e);
      } finally {
        OtelDiagnostics.release();
      }
    }
    ContainedFailures.unbind(meterRegistry);
    for (AutoCloseable binder : binders) {
      try {
        binder.close();
      } catch (Exception e) {
        ContainedFailures.report("shutdown", e);
      }
    }
    for (MeterRegistry registry : ownedRegistries) {
      try {
        registry.close();
      } catch (RuntimeException e) {
        ContainedFailures.report("shutdown", e);
      }
    }
  }

  private static AutoConfiguredOpenTelemetrySdk autoconfigure(
      ObservabilityConfig config,
      Map<String, String> otelDefaults,
      String serviceVersion,
      String environment,
      ExportTelemetry exportTelemetry,
      AtomicReference<Resource> finalResource) {
    Map<String, String> defaults = new HashMap<>(otelDefaults);
    String name = config.get(ObservabilityConfig.SERVICE_NAME);
    if (name != null) {
      defaults.put("otel.service.name", name);
    }
    return AutoConfiguredOpenTelemetrySdk.builder()
        .addPropertiesSupplier(() -> defaults)
        .addPropertiesCustomizer(Observability::exporterDefaults)
        .addResourceCustomizer(
            (resource, properties) -> {
              AttributesBuilder attributes = Attributes.builder();
              if (resource.getAttribute(ServiceAttributes.SERVICE_VERSION) == null) {
                attributes.put("service.version", serviceVersion);
              }
              if (environment != null
                  // deployment.environment.name is still incubating: not in the stable semconv
                  // artifact.
                  && resource.getAttribute(AttributeKey.stringKey("deployment.environment.name"))
                      == null) {
                attributes.put("deployment.environment.name", environment);
              }
              Resource merged = resource.merge(Resource.create(attributes.build()));
              finalResource.set(merged);
              return merged;
            })
        .addSpanExporterCustomizer((exporter, properties) -> exportTelemetry.wrap(exporter))
        .addMeterProviderCustomizer(
            (meters, properties) -> meters.registerMetricReader(exportTelemetry.reader()))
        .disableShutdownHook()
        .build();
  }

  /**
   * Without an endpoint, export nothing (rather than retrying localhost:4317 and logging connection
   * errors); OpenTelemetry metrics and logs stay off unless asked for.
   */
  private static Map<String, String> exporterDefaults(ConfigProperties properties) {
    Map<String, String> overrides = new HashMap<>();
    boolean endpoint =
        properties.getString("otel.exporter.otlp.endpoint") != null
            || properties.getString("otel.exporter.otlp.traces.endpoint") != null;
    if (!endpoint && properties.getString("otel.traces.exporter") == null) {
      overrides.put("otel.traces.exporter", "none");
    }
    if (properties.getString("otel.metrics.exporter") == null) {
      overrides.put("otel.metrics.exporter", "none");
    }
    if (properties.getString("otel.logs.exporter") == null) {
      overrides.put("otel.logs.exporter", "none");
    }
    return overrides;
  }

  private static void bindJvmMetrics(MeterRegistry registry, List<AutoCloseable> binders) {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(registry);
    binders.add(gc);
    JvmHeapPressureMetrics heapPressure = new JvmHeapPressureMetrics();
    heapPressure.bindTo(registry);
    binders.add(heapPressure);
  }

  private static String defaultVersion() {
    String version = Observability.class.getPackage().getImplementationVersion();
    return version == null ? "unknown" : version;
  }

  /** Builds {@link Observability}. Settings not given here come from the environment. */
  public static final class Builder {
    private final ObservabilityConfig.Builder configBuilder = ObservabilityConfig.builder();
    private final Map<String, String> otelDefaults = new HashMap<>();
    private OpenTelemetry openTelemetry;
    private MeterRegistry meterRegistry;
    private Redactor redactor = Redaction.defaults();

    private Builder() {}

    /**
     * Sets the redactor used everywhere this instance's signals carry text: query strings, paths
     * and user agents in spans and access logs, bound JDBC parameters, annotated-method span
     * attributes, security events, health messages and error bodies. Compose one with {@link
     * Redactors}; the default is {@link Redaction#defaults()}.
     *
     * <pre>{@code
     * Observability.builder()
     *     .redactor(Redactors.defaults().andThen(Redactors.pattern(Pattern.compile("EMP-\\d{6}"), "EMP-***")))
     *     .install();
     * }</pre>
     *
     * @param redactor the redactor; must be thread-safe and must not block
     * @return this builder
     */
    public Builder redactor(Redactor redactor) {
      this.redactor = Objects.requireNonNull(redactor, "redactor");
      return this;
    }

    /**
     * Sets an OpenTelemetry SDK property, such as {@code otel.exporter.otlp.endpoint}, as a
     * default: the matching {@code OTEL_*} environment variable or {@code otel.*} system property
     * still wins, so operators keep control.
     *
     * @param key the property, starting with {@code otel.}
     * @param value the value
     * @return this builder
     */
    public Builder otelProperty(String key, String value) {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
      if (!key.startsWith("otel.")) {
        throw new IllegalArgumentException("OpenTelemetry properties start with 'otel.': " + key);
      }
      otelDefaults.put(key, value);
      return this;
    }

    /**
     * Sets the service name; {@code OTEL_SERVICE_NAME} and {@code otel.service.name} still take
     * precedence, so operators can rename a deployment without a rebuild.
     *
     * @param serviceName the service name
     * @return this builder
     */
    public Builder serviceName(String serviceName) {
      return set(
          ObservabilityConfig.SERVICE_NAME, Objects.requireNonNull(serviceName, "serviceName"));
    }

    /**
     * Sets the service version.
     *
     * @param serviceVersion the version
     * @return this builder
     */
    public Builder serviceVersion(String serviceVersion) {
      return set(
          ObservabilityConfig.SERVICE_VERSION,
          Objects.requireNonNull(serviceVersion, "serviceVersion"));
    }

    /**
     * Sets the deployment environment.
     *
     * @param environment such as {@code production}
     * @return this builder
     */
    public Builder environment(String environment) {
      return set(
          ObservabilityConfig.ENVIRONMENT, Objects.requireNonNull(environment, "environment"));
    }

    /**
     * Sets the bound on shutdown.
     *
     * @param timeout the bound
     * @return this builder
     */
    public Builder shutdownTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      return set(ObservabilityConfig.SHUTDOWN_TIMEOUT, timeout.toString());
    }

    /**
     * Sets whether to register a JVM shutdown hook that calls {@link Observability#close()}.
     *
     * @param register whether to register it
     * @return this builder
     */
    public Builder registerShutdownHook(boolean register) {
      return set(ObservabilityConfig.SHUTDOWN_HOOK, Boolean.toString(register));
    }

    /**
     * Sets any library setting by key; see {@link ObservabilityConfig}.
     *
     * @param key the setting key
     * @param value the value
     * @return this builder
     */
    public Builder set(String key, String value) {
      configBuilder.set(key, value);
      return this;
    }

    /**
     * Uses the application's own OpenTelemetry instance instead of building an SDK. It is not shut
     * down by {@link Observability#close()}.
     *
     * @param openTelemetry the instance
     * @return this builder
     */
    public Builder openTelemetry(OpenTelemetry openTelemetry) {
      this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
      return this;
    }

    /**
     * Uses the application's own registry. It is not closed by {@link Observability#close()}, and
     * JVM metrics are not bound to it (the application decides).
     *
     * @param meterRegistry the registry
     * @return this builder
     */
    public Builder meterRegistry(MeterRegistry meterRegistry) {
      this.meterRegistry = Objects.requireNonNull(meterRegistry, "meterRegistry");
      return this;
    }

    /**
     * Builds an instance.
     *
     * @return the instance
     * @throws IllegalArgumentException when a setting is malformed
     */
    public Observability build() {
      return new Observability(this);
    }

    /**
     * Builds an instance and makes it {@link Observability#global()}. A previously installed
     * instance is left running; close it if it is no longer wanted.
     *
     * @return the instance
     */
    public Observability install() {
      Observability instance = build();
      synchronized (GLOBAL_LOCK) {
        global = instance;
      }
      return instance;
    }
  }
}
