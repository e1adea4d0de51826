package dev.observability.core;

import dev.observability.core.internal.redaction.RedactionEngine;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Masks personal data and secrets in text before it reaches a log, a metric or a span.
 *
 * <p>{@link #redact(CharSequence)} masks, by default:
 *
 * <ul>
 *   <li>e-mail addresses: {@code jane.doe@example.com} becomes {@code j***@example.com}, and {@code
 *       jane%40example.com} as query strings carry them;
 *   <li>card numbers: 13 to 19 digits (single spaces or dashes allowed) that start with 2 to 6 and
 *       pass the Luhn check keep only their last four digits, also when other digit groups or a
 *       second card stand beside them;
 *   <li>JSON Web Tokens (signed or not), {@code Bearer} and {@code Basic} credentials, AWS access
 *       key IDs, GitHub, GitLab (every kind), Slack, Stripe, npm, OpenAI, Anthropic, Hugging Face,
 *       SendGrid and Twilio tokens, Google API keys ({@code AIza…}), PEM private-key blocks and
 *       Azure storage account keys (a placeholder of one repeated character, {@code ghp_xxxx…},
 *       stays);
 *   <li>the password in URL user-info ({@code https://user:***@host}) and Slack incoming-webhook
 *       URLs ({@code https://hooks.slack.com/services/***});
 *   <li>the query parameters {@code code}, {@code key} and {@code sig} (after {@code ?} or {@code
 *       &}), and the values of a database's constraint message ({@code Key (email)=(***)});
 *   <li>values of secret-named keys ({@code password}, {@code passwd}, {@code secret}, {@code
 *       token}, {@code api_key}, {@code apikey}, {@code access_token}, {@code authorization},
 *       {@code cookie}, {@code pin}, {@code ssn}, … in any case, percent-encoded or not) in {@code
 *       key=value} text, {@code key: value} lines and JSON members, including string values with
 *       escaped quotes, objects and arrays.
 * </ul>
 *
 * <p>Masked parts become {@value #MASK}. The work is one pass over the text with bounded
 * look-behind and no backtracking regular expression, so hostile input (megabytes of {@code @}, of
 * digits, of {@code eyJ}) costs linear time; text with nothing to mask is returned as the same
 * string without copying.
 *
 * <pre>{@code
 * log.info("login attempt {}", Redaction.redact(body));
 * Redactor strict = Redaction.builder()
 *     .secretKeys("pin_code", "mothers_maiden_name")
 *     .disable(Redaction.Kind.EMAIL)
 *     .pattern(Pattern.compile("EMP-\\d{6}"), "EMP-******")
 *     .build();
 * }</pre>
 */
public final class Redaction {

  /** What replaces a masked value. */
  public static final String MASK = RedactionEngine.MASK;

  private static final Redactor DEFAULTS = builder().build();

  private Redaction() {}

  /** The kinds of sensitive value the built-in redactor recognises. */
  public enum Kind {
    /** E-mail addresses. */
    EMAIL,
    /** Payment card numbers that pass the Luhn check. */
    CARD_NUMBER,
    /** JSON Web Tokens. */
    JWT,
    /** {@code Bearer} and {@code Basic} credentials. */
    AUTHORIZATION,
    /** AWS access key IDs. */
    AWS_ACCESS_KEY,
    /**
     * Tokens services issue, by their documented prefixes: GitHub, GitLab (personal, pipeline
     * trigger, runner, deploy, OAuth and the other kinds), Slack, Stripe, npm, OpenAI, Anthropic,
     * Hugging Face, SendGrid, Twilio API keys, Google API keys, and PEM private-key blocks.
     * GitHub's classic tokens and npm's end in a CRC32 checksum; one of their exact shape whose
     * checksum fails (a documentation example) was never issued and is left alone.
     */
    PLATFORM_TOKEN,
    /** Values of secret-named keys in key=value text and JSON. */
    SECRET_VALUE,
    /** Passwords in URL user-info. */
    URL_CREDENTIALS
  }

  /**
   * Returns the redactor with every kind switched on and the default secret key names.
   *
   * @return the default redactor
   */
  public static Redactor defaults() {
    return DEFAULTS;
  }

  /**
   * Masks sensitive values in {@code text} with the {@linkplain #defaults() default redactor}.
   *
   * @param text the text, may be {@code null}
   * @return the masked text, or {@code null} for {@code null}
   */
  public static @Nullable String redact(@Nullable CharSequence text) {
    return text == null ? null : DEFAULTS.redact(text);
  }

  /**
   * Masks sensitive values and neutralises log-forging characters; see {@link
   * Redactor#forLog(CharSequence)}.
   *
   * @param text the text, may be {@code null}
   * @return the safe text, or {@code null} for {@code null}
   */
  public static @Nullable String forLog(@Nullable CharSequence text) {
    return DEFAULTS.forLog(text);
  }

  /**
   * Masks a single e-mail address, keeping its first character and the domain: {@code
   * jane@example.com} becomes {@code j***@example.com}. A value without {@code @} is masked whole.
   *
   * @param email the address, may be {@code null}
   * @return the masked address, or {@code null} for {@code null}
   */
  public static @Nullable String email(@Nullable String email) {
    if (email == null) {
      return null;
    }
    int at = email.lastIndexOf('@');
    if (at <= 0) {
      return MASK;
    }
    return email.charAt(0) + MASK + email.substring(at);
  }

  /**
   * Masks a single card number, keeping separators and the last four digits: {@code 4111 1111 1111
   * 1111} becomes {@code **** **** **** 1111}. A value that is not a plausible card number (13 to
   * 19 digits passing Luhn) is masked whole.
   *
   * @param number the card number, may be {@code null}
   * @return the masked number, or {@code null} for {@code null}
   */
  public static @Nullable String cardNumber(@Nullable String number) {
    if (number == null) {
      return null;
    }
    String trimmed = number.trim();
    if (!RedactionEngine.isCardNumber(trimmed)) {
      return MASK;
    }
    int digits = 0;
    for (int i = 0; i < trimmed.length(); i++) {
      if (Character.isDigit(trimmed.charAt(i))) {
        digits++;
      }
    }
    return RedactionEngine.maskCard(trimmed, 0, trimmed.length(), digits);
  }

  /**
   * Starts building a redactor.
   *
   * @return a new builder with every kind switched on
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link Redactor}; not thread-safe, the redactor it builds is immutable. */
  public static final class Builder {
    private final Set<Kind> disabled = EnumSet.noneOf(Kind.class);
    private final List<String> secretKeys = new ArrayList<>();
    private final List<Redactor> extra = new ArrayList<>();

    private Builder() {}

    /**
     * Switches kinds off.
     *
     * @param kinds the kinds to leave untouched
     * @return this builder
     */
    public Builder disable(Kind... kinds) {
      disabled.addAll(Arrays.asList(kinds));
      return this;
    }

    /**
     * Adds key names whose values are masked. A name matches any key that contains it after
     * normalisation (case, percent-encoding, {@code -} and {@code .} read as {@code _}).
     *
     * @param names key names
     * @return this builder
     */
    public Builder secretKeys(String... names) {
      for (String name : names) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
          throw new IllegalArgumentException("secret key name must not be blank");
        }
        secretKeys.add(name);
      }
      return this;
    }

    /**
     * Adds a pattern whose matches are replaced. The pattern runs after the built-in pass; a
     * pattern that can backtrack makes the whole redactor as slow as it on hostile input, so prefer
     * possessive quantifiers.
     *
     * @param pattern the pattern
     * @param replacement the replacement, as for {@link Matcher#replaceAll(String)}
     * @return this builder
     */
    public Builder pattern(Pattern pattern, String replacement) {
      extra.add(Redactors.pattern(pattern, replacement));
      return this;
    }

    /**
     * Adds a redactor that runs after the built-in pass.
     *
     * @param redactor the redactor
     * @return this builder
     */
    public Builder add(Redactor redactor) {
      extra.add(Objects.requireNonNull(redactor, "redactor"));
      return this;
    }

    /**
     * Builds the redactor.
     *
     * @return an immutable, thread-safe redactor
     */
    public Redactor build() {
      Set<Kind> enabled = EnumSet.allOf(Kind.class);
      enabled.removeAll(disabled);
      RedactionEngine engine = new RedactionEngine(enabled, secretKeys);
      Redactor result = text -> engine.redact(text.toString());
      for (Redactor next : List.copyOf(extra)) {
        result = result.andThen(next);
      }
      return result;
    }
  }
}
