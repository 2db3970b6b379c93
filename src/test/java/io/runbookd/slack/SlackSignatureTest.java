package io.runbookd.slack;

import static org.assertj.core.api.Assertions.assertThat;

import io.runbookd.config.Secret;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Slack's v0 request signature, held to the worked example of Slack's documentation. */
class SlackSignatureTest {
  private static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
  private static final String TIMESTAMP = "1531420618";
  private static final byte[] BODY = ("token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow"
      + "&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner"
      + "&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J"
      + "%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c")
      .getBytes(StandardCharsets.UTF_8);
  private static final String SIGNATURE = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";
  private static final Instant SENT = Instant.ofEpochSecond(1531420618);

  private final SlackSignature signature = new SlackSignature(Secret.of(SECRET));

  @Test
  void slacksOwnExampleVerifies() {
    assertThat(signature.check(TIMESTAMP, SIGNATURE, BODY, SENT.plusSeconds(30))).isEqualTo(SlackSignature.Verdict.VALID);
  }

  @Test
  void aChangedBodyOrSignatureOrSecretIsWrong() {
    byte[] changed = BODY.clone();
    changed[10] = 'X';

    assertThat(signature.check(TIMESTAMP, SIGNATURE, changed, SENT)).isEqualTo(SlackSignature.Verdict.WRONG);
    assertThat(signature.check(TIMESTAMP, SIGNATURE.replace('a', 'b'), BODY, SENT))
        .isEqualTo(SlackSignature.Verdict.WRONG);
    assertThat(new SlackSignature(Secret.of(SECRET + "x")).check(TIMESTAMP, SIGNATURE, BODY, SENT))
        .isEqualTo(SlackSignature.Verdict.WRONG);
    assertThat(signature.check("1531420619", SIGNATURE, BODY, SENT)).isEqualTo(SlackSignature.Verdict.WRONG);
  }

  @Test
  void aTimestampMoreThanFiveMinutesAwayIsStaleEitherWay() {
    assertThat(signature.check(TIMESTAMP, SIGNATURE, BODY, SENT.plus(Duration.ofMinutes(5))))
        .isEqualTo(SlackSignature.Verdict.VALID);
    assertThat(signature.check(TIMESTAMP, SIGNATURE, BODY, SENT.plus(Duration.ofMinutes(5)).plusSeconds(1)))
        .isEqualTo(SlackSignature.Verdict.STALE);
    assertThat(signature.check(TIMESTAMP, SIGNATURE, BODY, SENT.minus(Duration.ofMinutes(6))))
        .isEqualTo(SlackSignature.Verdict.STALE);
  }

  @Test
  void missingOrMalformedHeadersAreRefused() {
    assertThat(signature.check(null, SIGNATURE, BODY, SENT)).isEqualTo(SlackSignature.Verdict.MISSING);
    assertThat(signature.check(TIMESTAMP, null, BODY, SENT)).isEqualTo(SlackSignature.Verdict.MISSING);
    assertThat(signature.check("12e4", SIGNATURE, BODY, SENT)).isEqualTo(SlackSignature.Verdict.MISSING);
  }
}
