package dev.tether.bench.ws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonScanTest {
    private static final String MERGED = "{\"type\":\"delta\",\"conversation\":\"c1\",\"epoch\":\"k3x9q\",\"seq\":16,"
            + "\"firstSeq\":15,\"text\":\"3:123;4:456;\"}";

    @Test
    void readsTopLevelFieldsOfADelta() {
        assertThat(JsonScan.str(MERGED, "type")).isEqualTo("delta");
        assertThat(JsonScan.num(MERGED, "seq", -1)).isEqualTo(16);
        assertThat(JsonScan.num(MERGED, "firstSeq", -1)).isEqualTo(15);
        assertThat(JsonScan.str(MERGED, "text")).isEqualTo("3:123;4:456;");
    }

    @Test
    void absentFieldsGiveTheDefault() {
        String single = "{\"type\":\"delta\",\"seq\":3,\"text\":\"x\"}";
        assertThat(JsonScan.num(single, "firstSeq", 3)).isEqualTo(3);
        assertThat(JsonScan.str(single, "conversation")).isNull();
        assertThat(JsonScan.bool(single, "duplicate")).isFalse();
    }

    @Test
    void unescapesStringsAndIgnoresNamesInsideThem() {
        String json = "{\"type\":\"turn_completed\",\"text\":\"say \\\"seq\\\":9\\n\\u00e9\",\"seq\":4}";
        assertThat(JsonScan.str(json, "text")).isEqualTo("say \"seq\":9\né");
        assertThat(JsonScan.num(json, "seq", -1)).isEqualTo(4);
    }

    @Test
    void readsNegativeNumbersAndBooleans() {
        String json = "{\"type\":\"ack\",\"t\":-12,\"duplicate\":true}";
        assertThat(JsonScan.num(json, "t", 0)).isEqualTo(-12);
        assertThat(JsonScan.bool(json, "duplicate")).isTrue();
    }
}
