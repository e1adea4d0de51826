package dev.observability.core.internal.redaction;

/**
 * Finds and masks one kind of secret where the scan stopped at one of its trigger characters.
 *
 * <p>Called on the thread that redacts, once per trigger character; must not block or throw, and
 * must stay linear: look behind at most a bounded distance and never before {@link Scan#copied},
 * and either consume what it scanned forward or remember how far it got.
 */
interface Detector {

  /**
   * Looks for a secret at {@code at}, masking it through {@link Scan#replace}.
   *
   * @param scan the scan in progress
   * @param at the index of the trigger character
   * @return where the scan goes on (after what was consumed), or -1 when nothing was found
   */
  int detect(Scan scan, int at);
}
