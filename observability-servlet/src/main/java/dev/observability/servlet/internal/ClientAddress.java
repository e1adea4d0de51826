package dev.observability.servlet.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Resolves the client address, believing {@code X-Forwarded-For} and {@code Forwarded} only when
 * the direct peer is a trusted proxy.
 *
 * <p>Internal; not for public use, may change at any time.
 */
public final class ClientAddress {

  private final List<Cidr> trusted;

  /**
   * Creates a resolver.
   *
   * @param trustedProxies CIDR blocks ({@code 10.0.0.0/8}, {@code ::1/128}) or single addresses
   * @throws IllegalArgumentException for a malformed block
   */
  public ClientAddress(List<String> trustedProxies) {
    List<Cidr> parsed = new ArrayList<>();
    for (String block : trustedProxies) {
      parsed.add(Cidr.parse(block.trim()));
    }
    this.trusted = List.copyOf(parsed);
  }

  /**
   * Returns the client's address.
   *
   * @param remoteAddress the socket peer
   * @param forwardedFor the {@code X-Forwarded-For} header, may be {@code null}
   * @param forwarded the RFC 7239 {@code Forwarded} header, may be {@code null}
   * @return the address to report; the peer unless it is a trusted proxy with a valid header
   */
  public String resolve(
      String remoteAddress, @Nullable String forwardedFor, @Nullable String forwarded) {
    if (trusted.isEmpty() || !isTrusted(remoteAddress)) {
      return remoteAddress;
    }
    List<String> hops = new ArrayList<>();
    if (forwarded != null) {
      for (String element : forwarded.split(",")) {
        for (String pair : element.split(";")) {
          String p = pair.trim();
          if (p.regionMatches(true, 0, "for=", 0, 4)) {
            hops.add(stripForwardedNode(p.substring(4).trim()));
          }
        }
      }
    } else if (forwardedFor != null) {
      for (String hop : forwardedFor.split(",")) {
        hops.add(hop.trim());
      }
    }
    // Walk from the nearest hop outwards; the first one we do not trust is the client.
    for (int i = hops.size() - 1; i >= 0; i--) {
      String hop = hops.get(i);
      byte[] address = parseLiteral(hop);
      if (address == null) {
        return remoteAddress; // garbage in the chain: believe nothing
      }
      if (!isTrusted(address)) {
        return canonical(address, hop);
      }
    }
    return remoteAddress;
  }

  private boolean isTrusted(String address) {
    byte[] bytes = parseLiteral(address);
    return bytes != null && isTrusted(bytes);
  }

  private boolean isTrusted(byte[] address) {
    for (Cidr cidr : trusted) {
      if (cidr.contains(address)) {
        return true;
      }
    }
    return false;
  }

  private static String stripForwardedNode(String node) {
    String n = node;
    if (n.startsWith("\"") && n.endsWith("\"") && n.length() >= 2) {
      n = n.substring(1, n.length() - 1);
    }
    if (n.startsWith("[")) {
      int close = n.indexOf(']');
      return close > 0 ? n.substring(1, close) : n;
    }
    int colon = n.indexOf(':');
    if (colon > 0 && n.indexOf(':', colon + 1) < 0) {
      return n.substring(0, colon); // IPv4 with port
    }
    return n;
  }

  private static String canonical(byte[] address, String fallback) {
    try {
      return InetAddress.getByAddress(address).getHostAddress();
    } catch (UnknownHostException e) {
      return fallback;
    }
  }

  /**
   * Parses an IPv4 or IPv6 literal without any name lookup.
   *
   * @param text the literal
   * @return its bytes, or {@code null} when it is not a literal
   */
  static byte[] parseLiteral(String text) {
    if (text == null || text.isEmpty() || text.length() > 45) {
      return null;
    }
    boolean colon = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == ':') {
        colon = true;
      } else if (!(Character.digit(c, 16) >= 0 || c == '.')) {
        return null; // no host names: InetAddress would resolve them
      }
    }
    if (!colon) {
      String[] parts = text.split("\\.", -1);
      if (parts.length != 4) {
        return null;
      }
      byte[] bytes = new byte[4];
      for (int i = 0; i < 4; i++) {
        if (parts[i].isEmpty() || parts[i].length() > 3) {
          return null;
        }
        for (char c : parts[i].toCharArray()) {
          if (c < '0' || c > '9') {
            return null;
          }
        }
        int value = Integer.parseInt(parts[i]);
        if (value > 255) {
          return null;
        }
        bytes[i] = (byte) value;
      }
      return bytes;
    }
    try {
      return InetAddress.getByName(text).getAddress(); // a literal: no lookup happens
    } catch (UnknownHostException | RuntimeException e) {
      return null;
    }
  }

  private static final class Cidr {
    final byte[] network;
    final int prefix;

    Cidr(byte[] network, int prefix) {
      this.network = network;
      this.prefix = prefix;
    }

    static Cidr parse(String block) {
      int slash = block.indexOf('/');
      String address = slash < 0 ? block : block.substring(0, slash);
      byte[] bytes = parseLiteral(address);
      if (bytes == null) {
        throw new IllegalArgumentException("not an IP address or CIDR block: " + block);
      }
      int prefix = bytes.length * 8;
      if (slash >= 0) {
        try {
          prefix = Integer.parseInt(block.substring(slash + 1));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("bad prefix length in " + block, e);
        }
        if (prefix < 0 || prefix > bytes.length * 8) {
          throw new IllegalArgumentException("bad prefix length in " + block);
        }
      }
      return new Cidr(bytes, prefix);
    }

    boolean contains(byte[] address) {
      byte[] candidate = address;
      if (candidate.length != network.length) {
        return false;
      }
      int full = prefix / 8;
      for (int i = 0; i < full; i++) {
        if (candidate[i] != network[i]) {
          return false;
        }
      }
      int rest = prefix % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xFF << (8 - rest)) & 0xFF;
      return (candidate[full] & mask) == (network[full] & mask);
    }
  }
}
