package dev.observability.jdbc;

/** Java functions H2 calls through CREATE ALIAS; H2 needs a public class. */
public final class H2Functions {

  private H2Functions() {}

  /** Sleeps, like PostgreSQL's pg_sleep. */
  public static int sleep(int millis) throws InterruptedException {
    Thread.sleep(millis);
    return millis;
  }

  /** Adds one. */
  public static int addOne(int value) {
    return value + 1;
  }
}
