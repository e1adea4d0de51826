package dev.observability.servlet.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressTest {

  private final ClientAddress trustingPrivate = new ClientAddress(List.of("10.0.0.0/8", "::1/128"));

  @Test
  void ignoresHeadersFromUntrustedPeers() {
    assertThat(trustingPrivate.resolve("203.0.113.1", "198.51.100.7", null))
        .isEqualTo("203.0.113.1");
    assertThat(new ClientAddress(List.of()).resolve("10.0.0.1", "198.51.100.7", null))
        .isEqualTo("10.0.0.1");
  }

  @Test
  void takesTheFirstUntrustedHopFromTheRight() {
    assertThat(trustingPrivate.resolve("10.1.1.1", "6.6.6.6, 198.51.100.7, 10.2.2.2", null))
        .isEqualTo("198.51.100.7");
  }

  @Test
  void readsTheForwardedHeader() {
    assertThat(
            trustingPrivate.resolve(
                "10.1.1.1", null, "for=192.0.2.60;proto=http, for=\"[2001:db8::1]:4711\""))
        .isEqualTo("2001:db8:0:0:0:0:0:1");
    assertThat(trustingPrivate.resolve("10.1.1.1", null, "for=192.0.2.60:8080"))
        .isEqualTo("192.0.2.60");
  }

  @Test
  void garbageInTheChainMeansBelieveNothing() {
    assertThat(trustingPrivate.resolve("10.1.1.1", "evil.example.com", null)).isEqualTo("10.1.1.1");
    assertThat(trustingPrivate.resolve("10.1.1.1", "1.2.3.4\r\nX: y", null)).isEqualTo("10.1.1.1");
    assertThat(trustingPrivate.resolve("10.1.1.1", "999.1.1.1", null)).isEqualTo("10.1.1.1");
  }

  @Test
  void matchesPrefixesBitwise() {
    ClientAddress slash12 = new ClientAddress(List.of("172.16.0.0/12"));
    assertThat(slash12.resolve("172.31.255.255", "8.8.8.8", null)).isEqualTo("8.8.8.8");
    assertThat(slash12.resolve("172.32.0.1", "8.8.8.8", null)).isEqualTo("172.32.0.1");
  }

  @Test
  void rejectsMalformedBlocksAtConfigurationTime() {
    assertThatThrownBy(() -> new ClientAddress(List.of("10.0.0.0/33")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ClientAddress(List.of("proxy.internal")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
