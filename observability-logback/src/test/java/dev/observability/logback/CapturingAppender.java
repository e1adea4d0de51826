package dev.observability.logback;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** An appender whose encoded output the tests read back, as a real appender would write it. */
public class CapturingAppender extends OutputStreamAppender<ILoggingEvent> {

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

  @Override
  public void start() {
    setOutputStream(bytes);
    super.start();
  }

  /** Returns what was written so far and clears it. */
  public synchronized String drain() {
    String text = bytes.toString(StandardCharsets.UTF_8);
    bytes.reset();
    return text;
  }
}
