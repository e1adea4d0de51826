package dev.observability.core.internal.redaction;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

class Crc32ChecksumTest {

  private static final String BASE62 =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

  /** The token body as the issuer builds it, with the JDK's CRC32 as the reference. */
  private static String issued(String random) {
    CRC32 crc = new CRC32();
    crc.update(random.getBytes(StandardCharsets.US_ASCII));
    long value = crc.getValue();
    StringBuilder checksum = new StringBuilder();
    while (value > 0) {
      checksum.insert(0, BASE62.charAt((int) (value % 62)));
      value /= 62;
    }
    while (checksum.length() < 6) {
      checksum.insert(0, '0');
    }
    return random + checksum;
  }

  @Test
  void agreesWithTheJdksCrc32OnIssuedTokensAndRejectsEveryOneCharacterChange() {
    Random random = new Random(42);
    for (int i = 0; i < 2_000; i++) {
      StringBuilder part = new StringBuilder();
      for (int k = 0; k < 30; k++) {
        part.append(BASE62.charAt(random.nextInt(62)));
      }
      String body = issued(part.toString());
      String text = "token ghp_" + body + " end";
      assertThat(Crc32Checksum.matches(text, 10)).as(body).isTrue();
      int at = random.nextInt(36);
      char other = BASE62.charAt((BASE62.indexOf(body.charAt(at)) + 1 + random.nextInt(61)) % 62);
      String changed = body.substring(0, at) + other + body.substring(at + 1);
      assertThat(Crc32Checksum.matches("ghp_" + changed, 4)).as(changed).isFalse();
    }
  }

  @Test
  void aPublishedExampleTokenFailsItsChecksum() {
    // GitHub's documentation shows this token; it was never issued.
    assertThat(Crc32Checksum.matches("gho_16C7e42F292c6912E7710c838347Ae178B4a", 4)).isFalse();
  }
}
