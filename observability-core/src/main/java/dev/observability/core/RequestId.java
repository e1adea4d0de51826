package dev.observability.core;

import java.security.SecureRandom;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * Request IDs: validation of incoming values and generation of new ones.
 *
 * <p>An incoming ID is accepted only if it is 1 to 128 characters of printable ASCII without
 * spaces, quotes ({@code "} and {@code '}) or backslashes, so it can be echoed in a response header
 * or written to a log line without escaping. Characters that mean something to template, shell,
 * markup or URL decoders downstream ({@code $ { } < > ` ; | %}) are refused too, so values such as
 * {@code ${jndi:ldap://…}} or {@code %0d%0a} never travel on. Anything else is replaced by a
 * generated ID.
 *
 * <p>Generated IDs are 26 characters of Crockford base-32 in the layout of a ULID: 48 bits of
 * milliseconds since the epoch followed by 80 random bits. They are therefore URL-safe, sort
 * roughly by time, and are unique across processes without coordination. The random bits come from
 * {@link ThreadLocalRandom} mixed with a per-process salt drawn once from {@link SecureRandom}, so
 * generation never blocks on the entropy pool and does not contend between threads.
 *
 * <pre>{@code
 * String id = RequestId.acceptOrGenerate(request.getHeader("X-Request-ID"));
 * }</pre>
 */
public final class RequestId {

  /** The maximum accepted length of an incoming request ID. */
  public static final int MAX_LENGTH = 128;

  /** The length of a generated request ID. */
  public static final int GENERATED_LENGTH = 26;

  private static final String REFUSED = "\"'\\${}<>`;|%";

  /** Printable ASCII minus {@link #REFUSED}, as a table: this runs on every request. */
  private static final boolean[] ACCEPTED = new boolean[128];

  static {
    for (char c = '!'; c < 0x7f; c++) {
      ACCEPTED[c] = REFUSED.indexOf(c) < 0;
    }
  }

  private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

  /** Salt so that two processes whose thread-local generators start alike still differ. */
  private static final long PROCESS_SALT_HIGH;

  private static final long PROCESS_SALT_LOW;

  static {
    // One-time draw; the default SecureRandom on Linux reads the non-blocking urandom source.
    SecureRandom seed = new SecureRandom();
    PROCESS_SALT_HIGH = seed.nextLong();
    PROCESS_SALT_LOW = seed.nextLong();
  }

  private RequestId() {}

  /**
   * Returns whether {@code candidate} is acceptable as a request ID taken from outside.
   *
   * @param candidate the incoming value, may be {@code null}
   * @return {@code true} if it is 1 to 128 printable ASCII characters without space, quote or
   *     backslash
   */
  public static boolean isValid(@Nullable CharSequence candidate) {
    if (candidate == null) {
      return false;
    }
    int length = candidate.length();
    if (length == 0 || length > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      char c = candidate.charAt(i);
      if (c >= 0x80 || !ACCEPTED[c]) {
        return false;
      }
    }
    return true;
  }

  /**
   * Returns {@code incoming} if it {@linkplain #isValid(CharSequence) is valid}, else a newly
   * generated ID.
   *
   * @param incoming the value of the incoming header, may be {@code null}
   * @return a safe request ID, never {@code null}
   */
  public static String acceptOrGenerate(@Nullable String incoming) {
    return isValid(incoming) ? incoming : generate();
  }

  /**
   * Generates a new request ID.
   *
   * @return 26 characters of Crockford base-32, time-ordered by millisecond
   */
  public static String generate() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long time = System.currentTimeMillis();
    // 80 random bits: 16 in the high word, 64 in the low word.
    long high = (random.nextLong() ^ PROCESS_SALT_HIGH) & 0xFFFFL;
    long low = random.nextLong() ^ PROCESS_SALT_LOW;
    char[] out = new char[GENERATED_LENGTH];
    // 48-bit time in 10 characters (the top 2 bits of the first character are always 0).
    for (int i = 9; i >= 0; i--) {
      out[i] = ALPHABET[(int) (time & 31)];
      time >>>= 5;
    }
    // 80 random bits in 16 characters: the first 3 characters take 15 bits of `high` plus
    // one bit carried into the low part, handled by shifting a 128-bit pair.
    for (int i = GENERATED_LENGTH - 1; i >= 10; i--) {
      out[i] = ALPHABET[(int) (low & 31)];
      low = (low >>> 5) | ((high & 31) << 59);
      high >>>= 5;
    }
    return new String(out);
  }
}
