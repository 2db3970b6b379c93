package io.runbookd.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.runbookd.plugin.RefusedException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/** Which AWS answers are refusals (never retried, not counted against the circuit). */
class AwsErrorsTest {

  @ParameterizedTest(name = "{0} {1} refused: {2}")
  @CsvSource({
    "400, InvalidParameterValue, true",
    "400, MissingParameter, true",
    "403, AccessDenied, true",
    "404, DBInstanceNotFound, true",
    "400, Throttling, false",
    "400, ThrottlingException, false",
    "400, RequestLimitExceeded, false",
    "403, RequestTimeTooSkewed, false",
    "408, RequestTimeout, false",
    "429, TooManyRequestsException, false",
    "500, InternalFailure, false",
    "503, ServiceUnavailable, false"
  })
  void classifiesByStatusAndCode(int status, String code, boolean refused) {
    AwsServiceException e = error(status, code, "the message");

    Exception classified = AwsErrors.classify("Test Op", e);

    if (refused) {
      assertThat(classified).isInstanceOf(RefusedException.class).hasCause(e);
    } else {
      assertThat(classified).isSameAs(e);
    }
  }

  @ParameterizedTest
  @CsvSource({"'line one\nline two'", "'tab\there'"})
  void refusalMessagesStayOnOneLine(String message) {
    Exception classified = AwsErrors.classify("Test Op", error(400, "Bad", message));

    assertThat(classified.getMessage())
        .startsWith("Test Op refused (400 Bad): ")
        .doesNotContain("\n", "\t");
  }

  private static AwsServiceException error(int status, String code, String message) {
    return AwsServiceException.builder()
        .statusCode(status)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build())
        .build();
  }
}
