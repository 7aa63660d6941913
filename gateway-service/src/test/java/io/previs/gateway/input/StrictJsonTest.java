package io.previs.gateway.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The parser's half of the hostile-input corpus: every payload here is refused as malformed (a
 * poison record on Kafka, a 400 over REST), with a message saying what is wrong.
 */
class StrictJsonTest {

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"studio\":\"a\",\"studio\":\"b\"}                  | Duplicate Object property \"studio\"",
        "{\"shots\":[{\"prompt\":\"x\",\"prompt\":\"y\"}]}    | Duplicate Object property \"prompt\"",
        "{\"a\":1} {\"b\":2}                                  | Trailing token",
        "{\"a\":1}]                                           | not valid JSON",
        "{\"a\":1,}                                           | not valid JSON",
        "{'a':1}                                              | not valid JSON",
        "{\"a\":NaN}                                          | not valid JSON",
        "{\"a\":01}                                           | not valid JSON",
        "{\"a\":1 /* c */}                                    | not valid JSON",
        "{\"a\":\"x\\ud800\"}                                 | the string at /a is not valid Unicode: lone surrogate U+D800 at character 2",
        "{\"a\":[\"ok\",\"\\udc00\"]}                         | the string at /a/1 is not valid Unicode: lone surrogate U+DC00",
        "{\"\\ud83d\":1}                                      | surrogate",
        "{\"a/b\":{\"c\":\"\\ud800\"}}                        | the string at /a~1b/c",
        "{\"seconds\":1e400}                                  | the number at /seconds is out of range",
        "{\"a\":-1e999}                                       | the number at /a is out of range",
        "[1,2]                                                | not a JSON object",
        "\"text\"                                             | not a JSON object",
        "null                                                 | not a JSON object",
        "{\"a\":1234567890123456789012345678901234567890}     | Number value length",
      })
  void refusesWithTheReason(String payload, String reason) {
    assertThatThrownBy(() -> StrictJson.object(utf8(payload.strip())))
        .isInstanceOf(MalformedJsonException.class)
        .hasMessageContaining(reason);
  }

  @Test
  void emptyAndInvalidUtf8AreMalformedToo() {
    assertThatThrownBy(() -> StrictJson.object(new byte[0])).hasMessageContaining("empty");
    byte[] badUtf8 = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
    assertThatThrownBy(() -> StrictJson.object(badUtf8))
        .isInstanceOf(MalformedJsonException.class)
        .hasMessageContaining("UTF-8");
  }

  @ParameterizedTest
  @ValueSource(ints = {17, 40})
  void nestingPastTheLimitIsRefused(int depth) {
    String deep = "{\"x\":" + "[".repeat(depth) + "]".repeat(depth) + "}";
    assertThatThrownBy(() -> StrictJson.object(utf8(deep))).hasMessageContaining("nesting depth");
  }

  @Test
  void tokensAndBytesAreBounded() {
    String many = "{\"x\":[" + "1,".repeat(20_000) + "1]}";
    assertThatThrownBy(() -> StrictJson.object(utf8(many))).hasMessageContaining("Token count");
    StrictJson small = new StrictJson(1024);
    assertThatThrownBy(() -> small.parseObject(utf8("{\"p\":\"" + "a".repeat(2000) + "\"}")))
        .isInstanceOf(BodyTooLargeException.class)
        .hasMessage(
            "body: 2008 bytes exceed the limit of 1024 bytes (previs.gateway.max-request-bytes)");
  }

  @Test
  void wellFormedRequestsPassWithEveryScriptAndSurrogatePairs() {
    var n =
        StrictJson.object(
            utf8(
                "{\"studio\":\"acme\",\"prompt\":\"一位身穿红色斗篷的女战士 🌧️ \\ud83c\\udf27\","
                    + "\"seconds\":1.5,\"labels\":{\"show\":\"ночь\"}}"));
    assertThat(n.path("prompt").asString()).endsWith("🌧");
    assertThat(n.path("seconds").asDouble()).isEqualTo(1.5);
  }
}
