package dev.observability.logback;

import dev.observability.core.Redaction;
import dev.observability.core.Redactor;
import dev.observability.core.Redactors;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The options both logback components accept, turned into one {@link Redactor}: extra secret key
 * names, kinds switched off, extra patterns (matches become {@value Redaction#MASK}), and a
 * redactor class of the application's own that runs after the built-in pass. Configuration errors
 * fail at start-up, as logback reports them.
 */
final class RedactorSettings {

  private final List<String> secretKeys = new ArrayList<>();
  private final List<Redaction.Kind> disabled = new ArrayList<>();
  private final List<Redactor> extra = new ArrayList<>();

  void secretKeys(String names) {
    for (String name : names.split(",")) {
      if (!name.isBlank()) {
        secretKeys.add(name.trim());
      }
    }
  }

  void disabledKinds(String kinds) {
    for (String kind : kinds.split(",")) {
      if (!kind.isBlank()) {
        disabled.add(Redaction.Kind.valueOf(kind.trim().toUpperCase(Locale.ROOT)));
      }
    }
  }

  void pattern(String regex) {
    extra.add(Redactors.pattern(Pattern.compile(regex.trim()), Redaction.MASK));
  }

  void redactorClass(String className) {
    try {
      Class<?> type =
          Class.forName(className.trim(), true, RedactorSettings.class.getClassLoader());
      extra.add((Redactor) type.getConstructor().newInstance());
    } catch (ClassNotFoundException
        | ClassCastException
        | NoSuchMethodException
        | InstantiationException
        | IllegalAccessException
        | InvocationTargetException e) {
      throw new IllegalArgumentException(
          "redactorClass "
              + className
              + " must name a public class implementing "
              + Redactor.class.getName()
              + " with a public no-argument constructor",
          e);
    }
  }

  /** Applies one {@code key=value} option; returns false for an unknown key. */
  boolean apply(String key, String value) {
    switch (key.trim()) {
      case "secretKeys":
        secretKeys(value.replace(';', ','));
        return true;
      case "disabledKinds":
        disabledKinds(value.replace(';', ','));
        return true;
      case "pattern":
        pattern(value);
        return true;
      case "redactorClass":
        redactorClass(value);
        return true;
      default:
        return false;
    }
  }

  Predicate<String> secretKeyNames() {
    return Redactors.secretKeyNames(secretKeys.toArray(new String[0]));
  }

  Redactor build() {
    Redactor builtIn =
        Redaction.builder()
            .secretKeys(secretKeys.toArray(new String[0]))
            .disable(disabled.toArray(new Redaction.Kind[0]))
            .build();
    List<Redactor> all = new ArrayList<>();
    all.add(builtIn);
    all.addAll(extra);
    return Redactors.composite(all.toArray(new Redactor[0]));
  }
}
