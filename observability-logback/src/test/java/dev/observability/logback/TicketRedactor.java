package dev.observability.logback;

import dev.observability.core.Redactor;
import java.util.regex.Pattern;

/** An application's own redactor, named by class in the logback configuration. */
public final class TicketRedactor implements Redactor {

  private static final Pattern TICKET = Pattern.compile("TCK-[0-9]++");

  /** Logback instantiates it. */
  public TicketRedactor() {}

  @Override
  public String redact(CharSequence text) {
    var matcher = TICKET.matcher(text);
    return matcher.find() ? matcher.replaceAll("TCK-***") : text.toString();
  }
}
