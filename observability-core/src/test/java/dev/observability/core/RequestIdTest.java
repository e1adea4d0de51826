package dev.observability.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestIdTest {

  @ParameterizedTest
  @ValueSource(strings = {"abc", "01HZX3-req_42", "a.b:c/d+e=f", "x"})
  void acceptsPrintableAsciiWithoutSpacesQuotesOrBackslashes(String id) {
    assertThat(RequestId.isValid(id)).isTrue();
    assertThat(RequestId.acceptOrGenerate(id)).isSameAs(id);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "has space",
        "quote\"d",
        "single'quote",
        "back\\slash",
        "new\nline",
        "cr\rlf",
        "tab\there",
        "ümlaut",
        "\u0085",
        "${jndi:ldap://x}",
        "%0d%0a",
        "<script>",
        "a;b",
        "a|b",
        "`id`",
        "\u001b[31m"
      })
  void rejectsUnsafeValues(String id) {
    assertThat(RequestId.isValid(id)).isFalse();
    assertThat(RequestId.acceptOrGenerate(id)).isNotEqualTo(id).hasSize(RequestId.GENERATED_LENGTH);
  }

  @Test
  void rejectsNullAndOverlongValues() {
    assertThat(RequestId.isValid(null)).isFalse();
    assertThat(RequestId.isValid("a".repeat(128))).isTrue();
    assertThat(RequestId.isValid("a".repeat(129))).isFalse();
    assertThat(RequestId.acceptOrGenerate(null)).hasSize(RequestId.GENERATED_LENGTH);
  }

  @Test
  void generatedIdsAreUrlSafeAndValid() {
    for (int i = 0; i < 1000; i++) {
      String id = RequestId.generate();
      assertThat(id).matches("[0-9A-HJKMNP-TV-Z]{26}");
      assertThat(RequestId.isValid(id)).isTrue();
    }
  }

  @Test
  void generatedIdsAreUniqueAcrossThreads() throws Exception {
    Set<String> seen = ConcurrentHashMap.newKeySet();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 100_000; i++) {
                    seen.add(RequestId.generate());
                  }
                }));
      }
      for (Future<?> future : futures) {
        future.get();
      }
    } finally {
      pool.shutdown();
    }
    assertThat(seen).hasSize(400_000);
  }

  @Test
  void generatedIdsSortByMillisecond() throws InterruptedException {
    String first = RequestId.generate();
    Thread.sleep(3);
    String second = RequestId.generate();
    assertThat(second.substring(0, 10)).isGreaterThan(first.substring(0, 10));
    long millis = 0;
    for (char c : second.substring(0, 10).toCharArray()) {
      millis = millis * 32 + "0123456789ABCDEFGHJKMNPQRSTVWXYZ".indexOf(c);
    }
    assertThat(millis).isBetween(System.currentTimeMillis() - 10_000, System.currentTimeMillis());
  }

  @Test
  void randomPartDiffersWithinOneMillisecond() {
    Set<String> randomParts = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      randomParts.add(RequestId.generate().substring(10));
    }
    assertThat(randomParts).hasSize(1000);
  }
}
