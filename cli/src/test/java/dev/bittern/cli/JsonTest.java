package dev.bittern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void escapesQuotesBackslashesAndControlCharacters() {
        assertThat(Json.quote("a\"b\\c\n\r\t\b\f\u0000\u001f\u007f")).isEqualTo("\"a\\\"b\\\\c\\n\\r\\t\\b\\f\\u0000\\u001f\\u007f\"");
    }

    @Test
    void keepsNonAsciiAndSurrogatePairsButEscapesUnpairedSurrogates() {
        assertThat(Json.quote("ü✓😀")).isEqualTo("\"ü✓😀\"");
        assertThat(Json.quote("x\uD800y\uDC00")).isEqualTo("\"x\\ud800y\\udc00\"");
        assertThat(Json.quote("\u2028")).isEqualTo("\"\\u2028\"");
    }

    @Test
    void writesNestedValuesInOrder() {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("b", 1L);
        o.put("a", List.of(true, "x"));
        o.put("n", null);
        o.put("e", List.of());
        assertThat(Json.write(o)).isEqualTo("{\n  \"b\": 1,\n  \"a\": [\n    true,\n    \"x\"\n  ],\n  \"n\": null,\n  \"e\": []\n}");
    }
}
