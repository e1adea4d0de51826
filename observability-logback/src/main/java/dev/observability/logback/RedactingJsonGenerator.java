package dev.observability.logback;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import dev.observability.core.Redaction;
import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * The generator behind {@link RedactingJsonGeneratorDecorator}: every string value passes through
 * the masker; a scalar in a field named as a secret is written as the mask. Field names and the
 * encoder's own structure pass untouched. Copy methods are not delegated, so values a codec writes
 * (a map or bean in a key-value pair) come back through this generator and are redacted too.
 */
final class RedactingJsonGenerator extends JsonGeneratorDelegate {

  private final RedactingValueMasker masker;

  RedactingJsonGenerator(JsonGenerator delegate, RedactingValueMasker masker) {
    super(delegate, false);
    this.masker = masker;
  }

  /**
   * Writes the mask instead of a scalar when the field is named as a secret; returns whether it
   * did, so each overload below writes its value only otherwise.
   */
  private boolean maskedAsSecret() throws IOException {
    if (!masker.isSecretField(getOutputContext())) {
      return false;
    }
    delegate.writeString(Redaction.MASK);
    return true;
  }

  @Override
  public void writeString(String text) throws IOException {
    if (text == null) {
      delegate.writeNull();
      return;
    }
    Object masked = masker.mask(getOutputContext(), text);
    delegate.writeString(masked == null ? text : masked.toString());
  }

  @Override
  public void writeString(char[] text, int offset, int len) throws IOException {
    writeString(new String(text, offset, len));
  }

  @Override
  public void writeString(SerializableString text) throws IOException {
    writeString(text.getValue());
  }

  @Override
  public void writeString(Reader reader, int len) throws IOException {
    StringBuilder text = new StringBuilder(Math.max(len, 16));
    char[] buffer = new char[1024];
    int remaining = len < 0 ? Integer.MAX_VALUE : len;
    int read;
    while (remaining > 0
        && (read = reader.read(buffer, 0, Math.min(buffer.length, remaining))) >= 0) {
      text.append(buffer, 0, read);
      remaining -= read;
    }
    writeString(text.toString());
  }

  @Override
  public void writeRawUTF8String(byte[] text, int offset, int length) throws IOException {
    writeString(new String(text, offset, length, StandardCharsets.UTF_8));
  }

  @Override
  public void writeUTF8String(byte[] text, int offset, int length) throws IOException {
    writeString(new String(text, offset, length, StandardCharsets.UTF_8));
  }

  @Override
  public void writeArray(String[] array, int offset, int length) throws IOException {
    writeStartArray(array, length);
    for (int i = offset; i < offset + length; i++) {
      writeString(array[i]);
    }
    writeEndArray();
  }

  /** Raw values could carry anything: they are redacted as text, and written as a string if so. */
  @Override
  public void writeRawValue(String text) throws IOException {
    Object masked = masker.mask(getOutputContext(), text);
    if (masked == null) {
      delegate.writeRawValue(text);
    } else {
      delegate.writeString(masked.toString());
    }
  }

  @Override
  public void writeRawValue(String text, int offset, int len) throws IOException {
    writeRawValue(text.substring(offset, offset + len));
  }

  @Override
  public void writeRawValue(char[] text, int offset, int len) throws IOException {
    writeRawValue(new String(text, offset, len));
  }

  @Override
  public void writeNumber(short v) throws IOException {
    if (!maskedAsSecret()) {
      delegate.writeNumber(v);
    }
  }

  @Override
  public void writeNumber(int v) throws IOException {
    if (!maskedAsSecret()) {
      delegate.writeNumber(v);
    }
  }

  @Override
  public void writeNumber(long v) throws IOException {
    if (!maskedAsSecret()) {
      delegate.writeNumber(v);
    }
  }

  @Override
  public void writeNumber(BigInteger v) throws IOException {
    if (v == null || !maskedAsSecret()) {
      delegate.writeNumber(v);
    }
  }

  @Override
  public void writeNumber(double v) throws IOException {
    if (!maskedAsSecret()) {
      delegate.writeNumber(v);
    }
  }

  @Override
  public void writeNumber(float v) throws IOException {
    if (!maskedAsSecret()) {
      delegate.writeNumber(v);
    }
  }

  @Override
  public void writeNumber(BigDecimal v) throws IOException {
    if (v == null || !maskedAsSecret()) {
      delegate.writeNumber(v);
    }
  }

  @Override
  public void writeNumber(String encodedValue) throws IOException {
    if (encodedValue == null || !maskedAsSecret()) {
      delegate.writeNumber(encodedValue);
    }
  }

  @Override
  public void writeNumber(char[] encodedValue, int offset, int len) throws IOException {
    writeNumber(new String(encodedValue, offset, len));
  }

  @Override
  public void writeBoolean(boolean state) throws IOException {
    if (!maskedAsSecret()) {
      delegate.writeBoolean(state);
    }
  }

  /** Scalars directly, without the codec; anything else through it, back into this generator. */
  @Override
  public void writeObject(Object value) throws IOException {
    if (value == null) {
      writeNull();
    } else if (value instanceof String) {
      writeString((String) value);
    } else if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      writeNumber(((Number) value).intValue());
    } else if (value instanceof Long) {
      writeNumber((long) (Long) value);
    } else if (value instanceof Double) {
      writeNumber((double) (Double) value);
    } else if (value instanceof Float) {
      writeNumber((float) (Float) value);
    } else if (value instanceof Boolean) {
      writeBoolean((Boolean) value);
    } else if (value instanceof BigDecimal) {
      writeNumber((BigDecimal) value);
    } else if (value instanceof BigInteger) {
      writeNumber((BigInteger) value);
    } else if (value instanceof CharSequence) {
      writeString(value.toString());
    } else {
      super.writeObject(value);
    }
  }

  @Override
  public void writePOJO(Object value) throws IOException {
    writeObject(value);
  }
}
