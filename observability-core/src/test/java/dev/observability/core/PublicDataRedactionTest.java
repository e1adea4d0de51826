package dev.observability.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Supplier;
import net.datafaker.Faker;
import net.datafaker.providers.base.Finance.CreditCardType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The default redactor on public test data rather than our own corpus: the fake personal data of
 * Datafaker (the Java port of Faker, pinned version and seed, so every run sees the same values).
 * Claimed kinds (e-mail addresses, Luhn-valid card numbers, credentials in URLs and secret-named
 * keys) must all be masked; everything else (names, addresses, phone numbers, IBANs, UUIDs, hashes,
 * prose, …) should stay byte for byte. Recall and the false-positive rate per category are printed
 * (surefire keeps them in {@code PublicDataRedactionTest-output.txt}) and bounded.
 */
class PublicDataRedactionTest {

  private static final int SAMPLES = 2_000;
  private static final Redactor REDACTOR = Redaction.defaults();
  private static final Faker FAKER = new Faker(Locale.ENGLISH, new Random(1414));
  private static final List<String> REPORT = new ArrayList<>();

  @BeforeAll
  static void header() {
    REPORT.add(
        "Redaction on Datafaker "
            + Faker.class.getPackage().getImplementationVersion()
            + " data, seed 1414, "
            + SAMPLES
            + " samples per category");
  }

  @AfterAll
  static void print() {
    REPORT.forEach(System.out::println);
  }

  /** One value of a claimed kind, in context, and the part that must not survive. */
  private record Secret(String text, String mustNotSurvive) {}

  private static void recall(String category, Supplier<Secret> secrets) {
    int missed = 0;
    List<String> examples = new ArrayList<>();
    for (int i = 0; i < SAMPLES; i++) {
      Secret secret = secrets.get();
      String out = REDACTOR.redact(secret.text());
      if (out.contains(secret.mustNotSurvive())) {
        missed++;
        if (examples.size() < 5) {
          examples.add(secret.text() + " -> " + out);
        }
      }
    }
    REPORT.add(
        String.format(
            Locale.ROOT,
            "  recall %-34s %6.2f %% (%d of %d masked)",
            category,
            100.0 * (SAMPLES - missed) / SAMPLES,
            SAMPLES - missed,
            SAMPLES));
    assertThat(examples).as("%s left unmasked", category).isEmpty();
  }

  /** The share of clean values the redactor changed, with a few of them for the report. */
  private static double falsePositives(String category, Supplier<String> values, double bound) {
    int changed = 0;
    List<String> examples = new ArrayList<>();
    for (int i = 0; i < SAMPLES; i++) {
      String value = values.get();
      String out = REDACTOR.redact(value);
      if (!out.equals(value)) {
        changed++;
        if (examples.size() < 3) {
          examples.add(value + " -> " + out);
        }
      }
    }
    double rate = 100.0 * changed / SAMPLES;
    REPORT.add(
        String.format(
            Locale.ROOT,
            "  false positives %-25s %6.2f %% (%d of %d)%s",
            category,
            rate,
            changed,
            SAMPLES,
            examples.isEmpty() ? "" : " e.g. " + examples));
    assertThat(rate)
        .as("false-positive rate of %s: %s", category, examples)
        .isLessThanOrEqualTo(bound);
    return rate;
  }

  private static boolean luhn(String digits) {
    int sum = 0;
    boolean twice = false;
    for (int i = digits.length() - 1; i >= 0; i--) {
      int d = digits.charAt(i) - '0';
      if (twice) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      twice = !twice;
    }
    return sum % 10 == 0;
  }

  @Test
  void everyClaimedKindInThePublicDataIsMasked() {
    recall(
        "e-mail in a sentence",
        () -> {
          String email = FAKER.internet().emailAddress();
          return new Secret("Contact " + email + " about the order.", email);
        });
    recall(
        "e-mail in JSON",
        () -> {
          String email = FAKER.internet().safeEmailAddress();
          return new Secret("{\"owner\":\"" + email + "\",\"n\":3}", email);
        });
    CreditCardType[] types = {
      CreditCardType.VISA,
      CreditCardType.MASTERCARD,
      CreditCardType.AMERICAN_EXPRESS,
      CreditCardType.DISCOVER,
      CreditCardType.DINERS_CLUB,
      CreditCardType.JCB
    };
    int[] luhnValid = {0};
    int[] generated = {0};
    recall(
        "card number (Luhn-valid)",
        () -> {
          while (true) {
            String card = FAKER.finance().creditCard(types[FAKER.random().nextInt(types.length)]);
            String digits = card.replaceAll("[^0-9]", "");
            generated[0]++;
            if (luhn(digits)) {
              luhnValid[0]++;
              return new Secret("paid with " + card + " yesterday", digits.substring(0, 8));
            }
          }
        });
    REPORT.add(
        String.format(
            Locale.ROOT,
            "    (%d of %d generated card numbers pass the Luhn check; only those are claimed)",
            luhnValid[0],
            generated[0]));
    recall(
        "password in URL user-info",
        () -> {
          String password = FAKER.credentials().password(10, 16, true, false, true);
          return new Secret(
              "jdbc:postgresql://"
                  + FAKER.credentials().username()
                  + ":"
                  + password
                  + "@"
                  + FAKER.internet().domainName()
                  + "/app",
              password);
        });
    Function<String, Secret> keyValue =
        key -> {
          String value = FAKER.credentials().password(10, 16, true, false, true);
          return new Secret(key + "=" + value + " retries=3", value);
        };
    recall("password=… in key=value text", () -> keyValue.apply("password"));
    recall("api_key=… in key=value text", () -> keyValue.apply("api_key"));
    recall(
        "\"secret\": … in JSON",
        () -> {
          String value = FAKER.credentials().password(10, 16, true, false, true);
          return new Secret("{\"client_secret\":\"" + value + "\"}", value);
        });
  }

  @Test
  void everythingElseInThePublicDataStaysUnchanged() {
    Map<String, Supplier<String>> clean = new LinkedHashMap<>();
    clean.put("prose (lorem paragraph)", () -> FAKER.lorem().paragraph());
    clean.put(
        "prose (quotes)", () -> FAKER.yoda().quote() + " " + FAKER.shakespeare().hamletQuote());
    clean.put(
        "prose (hacker phrases)",
        () ->
            FAKER.hacker().adjective()
                + " "
                + FAKER.hacker().noun()
                + " "
                + FAKER.hacker().verb()
                + " "
                + FAKER.hacker().ingverb());
    clean.put("names", () -> FAKER.name().fullName());
    clean.put("postal addresses", () -> FAKER.address().fullAddress());
    clean.put("company slogans", () -> FAKER.company().catchPhrase());
    clean.put(
        "product names and prices",
        () -> FAKER.commerce().productName() + " $" + FAKER.commerce().price());
    clean.put("phone numbers", () -> FAKER.phoneNumber().phoneNumber());
    clean.put("UUIDs", () -> FAKER.internet().uuid());
    clean.put(
        "IPv4 and IPv6 addresses",
        () -> FAKER.internet().ipV4Address() + " " + FAKER.internet().ipV6Address());
    clean.put("MAC addresses", () -> FAKER.internet().macAddress());
    clean.put("URLs without credentials", () -> FAKER.internet().url());
    clean.put("user agents", () -> FAKER.internet().userAgent());
    clean.put(
        "SHA-256 and MD5 hex digests",
        () -> FAKER.hashing().sha256() + " " + FAKER.hashing().md5());
    clean.put("ISBN-13", () -> FAKER.code().isbn13(true));
    clean.put("app versions", () -> "version " + FAKER.app().version());
    clean.put("dates", () -> FAKER.timeAndDate().birthday().toString());
    clean.put(
        "stock markets and BICs",
        () -> FAKER.finance().stockMarket() + " " + FAKER.finance().bic());
    clean.put("IBANs", () -> FAKER.finance().iban());
    clean.put("US routing numbers", () -> "routing " + FAKER.finance().usRoutingNumber());
    clean.put(
        "card-shaped numbers failing Luhn",
        () -> {
          String digits = FAKER.finance().creditCard().replaceAll("[^0-9]", "");
          char last = digits.charAt(digits.length() - 1);
          return "order "
              + digits.substring(0, digits.length() - 1)
              + (char) ('0' + (last - '0' + 1 + FAKER.random().nextInt(9)) % 10);
        });
    clean.put("national ID numbers", () -> "SSN " + FAKER.idNumber().valid());
    double total = 0;
    for (Map.Entry<String, Supplier<String>> category : clean.entrySet()) {
      total += falsePositives(category.getKey(), category.getValue(), 0.5);
    }
    REPORT.add(
        String.format(
            Locale.ROOT,
            "  false positives over all %d clean categories: %.3f %%",
            clean.size(),
            total / clean.size()));
  }
}
