package dev.observability.core.internal.redaction;

import static dev.observability.core.internal.redaction.CharClasses.*;

/**
 * Payment card numbers: 13 to 19 digits that start with 2 to 6 and pass the Luhn check; the last
 * four stay.
 */
final class CardDetector implements Detector {

  @Override
  public int detect(Scan sc, int at) {
    return card(sc, at);
  }

  private int card(Scan sc, int i) {
    String s = sc.s;
    int n = sc.n;
    if (!sc.wordStart(i)) {
      return -1;
    }
    int digits = 0;
    int k = i;
    while (k < n) {
      char c = s.charAt(k);
      if (isDigit(c)) {
        digits++;
        k++;
      } else if ((c == ' ' || c == '-')
          && k + 1 < n
          && isDigit(s.charAt(k + 1))
          && isDigit(s.charAt(k - 1))) {
        k++;
      } else {
        break;
      }
    }
    if (digits < 13 || (k < n && isWordChar(s.charAt(k)))) {
      return k;
    }
    if (digits <= 19 && isCard(s, i, k)) {
      sc.replace(i, k, maskCard(s, i, k, digits));
      return k;
    }
    maskCardsWithin(sc, i, k);
    return k;
  }

  /**
   * Issuer identification: every card scheme in use starts with 2 to 6, which keeps millisecond
   * timestamps and most order numbers out; then the Luhn check.
   */
  private static boolean isCard(String s, int start, int end) {
    char first = s.charAt(start);
    return first >= '2' && first <= '6' && luhn(s, start, end);
  }

  /**
   * A run of digit groups that is not one card may hold cards: {@code ids 12 4111111111111111}, or
   * two cards in a row. Tries each window of whole groups of 13 to 19 digits, left to right,
   * masking those that pass; a window never spans more than 19 digits, so this stays linear.
   */
  private static void maskCardsWithin(Scan sc, int start, int end) {
    String s = sc.s;
    int group = start;
    while (group < end) {
      int windowEnd = -1;
      int windowDigits = 0;
      int digits = 0;
      int k = group;
      while (k < end && digits <= 19) {
        int groupEnd = k;
        while (groupEnd < end && isDigit(s.charAt(groupEnd))) {
          groupEnd++;
        }
        digits += groupEnd - k;
        if (digits >= 13 && digits <= 19 && isCard(s, group, groupEnd)) {
          windowEnd = groupEnd; // the longest window that is a card
          windowDigits = digits;
        }
        k = groupEnd + 1; // past the single separator
      }
      if (windowEnd > 0) {
        sc.replace(group, windowEnd, maskCard(s, group, windowEnd, windowDigits));
        group = windowEnd + 1;
      } else {
        int next = group;
        while (next < end && isDigit(s.charAt(next))) {
          next++;
        }
        group = next + 1;
      }
    }
  }

  static boolean luhn(String s, int start, int end) {
    int sum = 0;
    boolean doubled = false;
    for (int k = end - 1; k >= start; k--) {
      char c = s.charAt(k);
      if (!isDigit(c)) {
        continue;
      }
      int value = c - '0';
      if (doubled) {
        value *= 2;
        if (value > 9) {
          value -= 9;
        }
      }
      sum += value;
      doubled = !doubled;
    }
    return sum % 10 == 0;
  }

  public static boolean isCardNumber(String text) {
    int digits = 0;
    for (int k = 0; k < text.length(); k++) {
      char c = text.charAt(k);
      if (isDigit(c)) {
        digits++;
      } else if (c != ' ' && c != '-') {
        return false;
      }
    }
    return digits >= 13 && digits <= 19 && luhn(text, 0, text.length());
  }

  public static String maskCard(CharSequence s, int start, int end, int digits) {
    StringBuilder b = new StringBuilder(end - start);
    int seen = 0;
    for (int k = start; k < end; k++) {
      char c = s.charAt(k);
      if (isDigit(c)) {
        b.append(seen < digits - 4 ? '*' : c);
        seen++;
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
