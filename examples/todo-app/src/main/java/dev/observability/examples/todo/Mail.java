package dev.observability.examples.todo;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.observability.core.Observability;
import dev.observability.httpclient.ObservedHttpClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * E-mails, sent through the mailer service from a queue: the request that asks for one never waits
 * for it, and a mailer that is down fails the job, not the request.
 *
 * <p>The queue is an observed job executor named {@code mail}: each send is a span in the
 * requesting trace, its log lines carry the request's ID, and {@code executor.queued{name="mail"}}
 * is the queue length. The HTTP call is an observed client, so the trace and the request ID reach
 * the mailer. The seeds' e-mail signals: {@code emails.sent} and {@code emails.failed} by template
 * (delivery rate: sent over sent plus failed), the send time as {@code executor{name="mail"}}, the
 * queue length as {@code executor.queued{name="mail"}}, and the failures by cause as {@code
 * executor.failed{name="mail"}}.
 */
final class Mail implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Mail.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] TEMPLATES = {"welcome", "reminder"};

  private final URI endpoint;
  private final ThreadPoolExecutor pool;
  private final ExecutorService queue;
  private final HttpClient http;
  private final MeterRegistry registry;

  Mail(Observability observability, URI mailer, boolean instrumented) {
    this.endpoint = mailer.resolve("/api/mail");
    this.registry = observability.meterRegistry();
    // One sender, a bounded queue: a mailer that is down must not grow memory without limit.
    this.pool =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(1_000),
            task -> {
              Thread thread = new Thread(task, "mail-sender");
              thread.setDaemon(true);
              return thread;
            });
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    this.queue = instrumented ? observability.jobs().executor("mail", pool) : pool;
    this.http = instrumented ? ObservedHttpClient.wrap(client, observability) : client;
    for (String template : TEMPLATES) {
      sent(template);
      failed(template);
    }
  }

  /** Queues an e-mail; returns at once. A full queue counts as a failed e-mail. */
  void send(String to, String template) {
    try {
      queue.execute(() -> deliver(to, template));
    } catch (RejectedExecutionException e) {
      failed(template).increment();
      LOG.atWarn().addKeyValue("template", template).log("mail queue full, e-mail dropped");
    }
  }

  private void deliver(String to, String template) {
    HttpResponse<Void> answer;
    try {
      String body = JSON.writeValueAsString(Map.of("to", to, "template", template));
      answer =
          http.send(
              HttpRequest.newBuilder(endpoint)
                  .timeout(Duration.ofSeconds(5))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.discarding());
    } catch (IOException e) {
      failed(template).increment();
      throw new UncheckedIOException("the mailer could not be reached", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failed(template).increment();
      throw new IllegalStateException("interrupted while sending", e);
    }
    if (answer.statusCode() / 100 != 2) {
      failed(template).increment();
      throw new IllegalStateException("the mailer answered " + answer.statusCode());
    }
    sent(template).increment();
  }

  private Counter sent(String template) {
    return Counter.builder("emails.sent")
        .tag("template", template)
        .description("E-mails the mailer accepted")
        .register(registry);
  }

  private Counter failed(String template) {
    return Counter.builder("emails.failed")
        .tag("template", template)
        .description("E-mails that could not be sent")
        .register(registry);
  }

  @Override
  public void close() {
    pool.shutdown();
    try {
      if (!pool.awaitTermination(5, TimeUnit.SECONDS)) {
        pool.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      pool.shutdownNow();
    }
  }
}
