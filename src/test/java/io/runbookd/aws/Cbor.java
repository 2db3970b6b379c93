package io.runbookd.aws;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import com.fasterxml.jackson.dataformat.cbor.CBORParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CBOR that Smithy RPC v2 speaks, built and read with jackson-dataformat-cbor: maps, lists,
 * text, numbers, and timestamps as tag 1 (epoch seconds). Decoding keeps tags, so a test can check
 * that the SDK sent a timestamp and not a bare number.
 */
public final class Cbor {
  private static final CBORFactory CBOR = new CBORFactory();

  /** A CBOR value carrying a tag, e.g. tag 1 (epoch seconds) on a timestamp. */
  public record Tagged(int tag, Object value) {}

  private Cbor() {}

  /** Maps, lists, strings, numbers, and {@link Instant} as tag 1 epoch seconds. */
  public static byte[] encode(Object value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (CBORGenerator gen = CBOR.createGenerator(out)) {
      write(gen, value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void write(CBORGenerator gen, Object value) throws IOException {
    if (value instanceof Map<?, ?> map) {
      gen.writeStartObject();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        gen.writeFieldName(String.valueOf(e.getKey()));
        write(gen, e.getValue());
      }
      gen.writeEndObject();
    } else if (value instanceof List<?> list) {
      gen.writeStartArray();
      for (Object item : list) {
        write(gen, item);
      }
      gen.writeEndArray();
    } else if (value instanceof Instant at) {
      gen.writeTag(1);
      gen.writeNumber(at.getEpochSecond());
    } else if (value instanceof Double d) {
      gen.writeNumber(d);
    } else if (value instanceof Number n) {
      gen.writeNumber(n.longValue());
    } else {
      gen.writeString(String.valueOf(value));
    }
  }

  /** Decodes a CBOR document; tagged values come back as {@link Tagged}. */
  public static Object decode(byte[] body) {
    try (CBORParser parser = CBOR.createParser(body)) {
      parser.nextToken();
      return read(parser);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Object read(CBORParser p) throws IOException {
    int tag = p.getCurrentTag();
    Object value =
        switch (p.currentToken()) {
          case START_OBJECT -> {
            Map<String, Object> map = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
              String name = p.currentName();
              p.nextToken();
              map.put(name, read(p));
            }
            yield map;
          }
          case START_ARRAY -> {
            List<Object> list = new ArrayList<>();
            while (p.nextToken() != JsonToken.END_ARRAY) {
              list.add(read(p));
            }
            yield list;
          }
          case VALUE_NUMBER_INT -> p.getLongValue();
          case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
          case VALUE_TRUE, VALUE_FALSE -> p.getBooleanValue();
          case VALUE_NULL -> null;
          default -> p.getText();
        };
    return tag < 0 ? value : new Tagged(tag, value);
  }
}
