package dev.observability.core.internal.redaction;

/**
 * The checksum of GitHub's and npm's token format: the last six characters are the CRC32 (IEEE) of
 * the 30 random characters before them, in base62 ({@code 0-9A-Za-z}), padded with {@code 0}.
 * Computed over the characters in place, without copying them.
 */
final class Crc32Checksum {

  private static final int RANDOM_PART = 30;
  private static final int CHECKSUM_PART = 6;
  private static final int[] TABLE = new int[256];

  static {
    for (int n = 0; n < 256; n++) {
      int c = n;
      for (int k = 0; k < 8; k++) {
        c = (c & 1) != 0 ? 0xEDB88320 ^ (c >>> 1) : c >>> 1;
      }
      TABLE[n] = c;
    }
  }

  private Crc32Checksum() {}

  /**
   * Returns whether the 36 letters and digits at {@code start} end in the checksum of the 30
   * before.
   */
  static boolean matches(String s, int start) {
    int crc = ~0;
    for (int k = start; k < start + RANDOM_PART; k++) {
      crc = (crc >>> 8) ^ TABLE[(crc ^ s.charAt(k)) & 0xFF];
    }
    long expected = Integer.toUnsignedLong(~crc);
    long encoded = 0;
    for (int k = start + RANDOM_PART; k < start + RANDOM_PART + CHECKSUM_PART; k++) {
      int digit = base62(s.charAt(k));
      if (digit < 0) {
        return false;
      }
      encoded = encoded * 62 + digit;
    }
    return encoded == expected;
  }

  private static int base62(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'A' && c <= 'Z') {
      return c - 'A' + 10;
    }
    if (c >= 'a' && c <= 'z') {
      return c - 'a' + 36;
    }
    return -1;
  }
}
