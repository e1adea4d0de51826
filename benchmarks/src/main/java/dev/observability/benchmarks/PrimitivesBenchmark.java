package dev.observability.benchmarks;

import ch.qos.logback.classic.spi.LoggingEvent;
import dev.observability.core.RequestContext;
import dev.observability.core.RequestId;
import dev.observability.core.spi.RequestLifecycle;
import dev.observability.logback.RedactingJsonGeneratorDecorator;
import dev.observability.logback.RedactingValueMasker;
import dev.observability.servlet.internal.HttpServerMetrics;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import net.logstash.logback.encoder.LogstashEncoder;
import net.logstash.logback.fieldnames.LogstashFieldNames;
import net.logstash.logback.mask.MaskingJsonGeneratorDecorator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.event.KeyValuePair;

/**
 * The building blocks on every request: request-ID generation against {@code UUID.randomUUID()} at
 * one and two threads, an MDC put and remove, and a Micrometer timer with a histogram; and the
 * filter's cost broken down by step ({@code step*}, with {@code requestIdOneThread} as the ID
 * step): each does what the filter does for one request in that step, with the same values.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class PrimitivesBenchmark {

  private static final AttributeKey<String> HTTP_REQUEST_METHOD =
      AttributeKey.stringKey("http.request.method");
  private static final AttributeKey<String> URL_PATH = AttributeKey.stringKey("url.path");
  private static final AttributeKey<String> URL_SCHEME = AttributeKey.stringKey("url.scheme");
  private static final AttributeKey<String> SERVER_ADDRESS =
      AttributeKey.stringKey("server.address");
  private static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
  private static final AttributeKey<String> CLIENT_ADDRESS =
      AttributeKey.stringKey("client.address");
  private static final AttributeKey<String> NETWORK_PROTOCOL_VERSION =
      AttributeKey.stringKey("network.protocol.version");
  private static final AttributeKey<String> USER_AGENT_ORIGINAL =
      AttributeKey.stringKey("user_agent.original");
  private static final AttributeKey<String> HTTP_ROUTE = AttributeKey.stringKey("http.route");
  private static final AttributeKey<Long> HTTP_RESPONSE_STATUS_CODE =
      AttributeKey.longKey("http.response.status_code");
  private static final String REQUEST_ID = "01JBENCH0000000000000000AB";

  private Timer timer;
  private HttpServerMetrics httpMetrics;
  private Tracer tracer;
  private Logger accessLog;
  private LogstashEncoder jsonEncoder;
  private LogstashEncoder plainJsonEncoder;
  private LogstashEncoder logstashMaskedJsonEncoder;
  private LoggingEvent accessEvent;

  @Setup
  public void setUp() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    timer = Timer.builder("bench").publishPercentileHistogram().register(registry);
    httpMetrics = new HttpServerMetrics(registry);
    tracer = Benchmarks.sdkSampled().getTracer("bench");
    ch.qos.logback.classic.Logger logger =
        ((ch.qos.logback.classic.LoggerContext) LoggerFactory.getILoggerFactory())
            .getLogger("bench.access");
    FilterBenchmark.DroppingAppender appender = new FilterBenchmark.DroppingAppender();
    appender.setContext(logger.getLoggerContext());
    appender.start();
    logger.addAppender(appender);
    logger.setAdditive(false);
    logger.setLevel(ch.qos.logback.classic.Level.INFO);
    accessLog = logger;
    jsonEncoder = encoder(logger.getLoggerContext(), Masking.OUR_GENERATOR);
    plainJsonEncoder = encoder(logger.getLoggerContext(), Masking.NONE);
    logstashMaskedJsonEncoder = encoder(logger.getLoggerContext(), Masking.LOGSTASH_GENERATOR);
    accessEvent =
        new LoggingEvent(
            Logger.class.getName(),
            logger,
            ch.qos.logback.classic.Level.INFO,
            "GET /api/tasks/{id} 200 3ms",
            null,
            null);
    accessEvent.setMDCPropertyMap(
        Map.of(
            "request_id",
            REQUEST_ID,
            "trace_id",
            "5f8146953e5d93b206b98ab3b4ec5a1e",
            "span_id",
            "b7ad6b7169203331",
            "user_id",
            "u-1042"));
    for (String[] pair :
        new String[][] {
          {"method", "GET"},
          {"path", "/api/tasks/42"},
          {"route", "/api/tasks/{id}"},
          {"ip_address", "10.0.0.7"},
          {"user_agent", "bench/1.0"}
        }) {
      accessEvent.addKeyValuePair(new KeyValuePair(pair[0], pair[1]));
    }
    accessEvent.addKeyValuePair(new KeyValuePair("status_code", 200));
    accessEvent.addKeyValuePair(new KeyValuePair("duration_ms", 3L));
  }

  /**
   * Step "MDC": a request context created, bound (request, user, trace and span ID into the MDC,
   * the previous values kept), unbound and ended.
   */
  @Benchmark
  public RequestContext stepContextAndMdc() {
    try (RequestLifecycle request = RequestLifecycle.start(REQUEST_ID);
        RequestContext.Scope scope = request.makeCurrent()) {
      return request.context();
    }
  }

  /** Step "timer": the duration recorded in a timer with the HTTP buckets, found by its tags. */
  @Benchmark
  public void stepTimer() {
    httpMetrics.finished("GET", "/api/tasks/{id}", 200, "none", 1_234_567);
  }

  /**
   * Step "span": the server span with the filter's attributes, renamed to its route at the end,
   * ended, and its exported form built.
   */
  @Benchmark
  public Span stepServerSpan() {
    Span span =
        tracer
            .spanBuilder("GET")
            .setParent(Context.root())
            .setSpanKind(SpanKind.SERVER)
            .setAttribute(HTTP_REQUEST_METHOD, "GET")
            .setAttribute(URL_PATH, "/api/tasks/42")
            .setAttribute(URL_SCHEME, "http")
            .setAttribute(SERVER_ADDRESS, "localhost")
            .setAttribute(SERVER_PORT, 8080L)
            .setAttribute(CLIENT_ADDRESS, "10.0.0.7")
            .setAttribute(NETWORK_PROTOCOL_VERSION, "1.1")
            .setAttribute(USER_AGENT_ORIGINAL, "bench/1.0")
            .startSpan();
    span.updateName("GET /api/tasks/{id}");
    span.setAttribute(HTTP_ROUTE, "/api/tasks/{id}");
    span.setAttribute(HTTP_RESPONSE_STATUS_CODE, 200L);
    span.end();
    return span;
  }

  /**
   * Step "log event": the access-log event with its key-value pairs, to an appender that drops it.
   */
  @Benchmark
  public void stepAccessLogEvent() {
    accessLog
        .atInfo()
        .addKeyValue("method", "GET")
        .addKeyValue("path", "/api/tasks/42")
        .addKeyValue("route", "/api/tasks/{id}")
        .addKeyValue("status_code", 200)
        .addKeyValue("duration_ms", 3L)
        .addKeyValue("ip_address", "10.0.0.7")
        .addKeyValue("user_agent", "bench/1.0")
        .log("GET /api/tasks/{id} 200 3ms");
  }

  /**
   * Writing the access line: the event of {@link #stepAccessLogEvent} encoded as one JSON line by
   * logstash-logback-encoder as the example service configures it, every value through our
   * redacting generator decorator. The bytes go nowhere; the I/O of a real appender comes on top.
   */
  @Benchmark
  public byte[] accessLineAsJson() {
    return jsonEncoder.encode(accessEvent);
  }

  /** The same line without the masker: what redacting every value adds. */
  @Benchmark
  public byte[] accessLineAsJsonUnmasked() {
    return plainJsonEncoder.encode(accessEvent);
  }

  /**
   * The same line masked the way the example did before: logstash's masking generator decorator
   * asking our value masker about each value.
   */
  @Benchmark
  public byte[] accessLineAsJsonLogstashMasking() {
    return logstashMaskedJsonEncoder.encode(accessEvent);
  }

  private enum Masking {
    NONE,
    OUR_GENERATOR,
    LOGSTASH_GENERATOR
  }

  /** A bare span started and ended: the SDK's least cost for any span. */
  @Benchmark
  public void spanStartEnd() {
    tracer.spanBuilder("GET /api/tasks/{id}").setSpanKind(SpanKind.SERVER).startSpan().end();
  }

  /** The encoder of the example's logback.xml: field names, and the masking asked for. */
  private static LogstashEncoder encoder(
      ch.qos.logback.classic.LoggerContext context, Masking masking) {
    LogstashEncoder encoder = new LogstashEncoder();
    encoder.setContext(context);
    LogstashFieldNames names = new LogstashFieldNames();
    names.setTimestamp("timestamp");
    names.setVersion("[ignore]");
    names.setLevelValue("[ignore]");
    names.setLogger("logger");
    names.setThread("thread");
    encoder.setFieldNames(names);
    if (masking == Masking.OUR_GENERATOR) {
      encoder.setJsonGeneratorDecorator(new RedactingJsonGeneratorDecorator());
    } else if (masking == Masking.LOGSTASH_GENERATOR) {
      MaskingJsonGeneratorDecorator decorator = new MaskingJsonGeneratorDecorator();
      decorator.addValueMasker(new RedactingValueMasker());
      decorator.start();
      encoder.setJsonGeneratorDecorator(decorator);
    }
    encoder.start();
    return encoder;
  }

  @Benchmark
  @Threads(1)
  public String requestIdOneThread() {
    return RequestId.generate();
  }

  @Benchmark
  @Threads(2)
  public String requestIdTwoThreads() {
    return RequestId.generate();
  }

  @Benchmark
  @Threads(1)
  public String uuidOneThread() {
    return UUID.randomUUID().toString();
  }

  @Benchmark
  @Threads(2)
  public String uuidTwoThreads() {
    return UUID.randomUUID().toString();
  }

  @Benchmark
  public String mdcPutRemove() {
    MDC.put("request_id", "01J0000000000000000000000");
    String value = MDC.get("request_id");
    MDC.remove("request_id");
    return value;
  }

  @Benchmark
  public void timerWithHistogram() {
    timer.record(1_234_567, TimeUnit.NANOSECONDS);
  }
}
