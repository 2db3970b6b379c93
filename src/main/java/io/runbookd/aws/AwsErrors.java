package io.runbookd.aws;

import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * Sorts AWS service errors into the engine's two kinds: a refusal (the service answered that this
 * request can never succeed) or a failure to answer (5xx, throttling, clock skew, request timeout),
 * which the engine may retry and counts against the circuit. Throttling matters here: AWS answers
 * it with a 400 and a code such as {@code Throttling}, which is not a refusal.
 */
public final class AwsErrors {
  private static final int MAX_MESSAGE = 300;

  private AwsErrors() {}

  /**
   * What to throw for {@code e}: an {@link AwsRefusedException} for a refusal, else {@code e}
   * itself.
   *
   * @param operation named in the message, e.g. {@code CloudWatch GetMetricStatistics}
   */
  public static Exception classify(String operation, AwsServiceException e) {
    if (!refusal(e)) {
      return e;
    }
    AwsErrorDetails details = e.awsErrorDetails();
    String code = details == null || details.errorCode() == null ? "" : details.errorCode();
    String message = details == null ? null : details.errorMessage();
    AwsRefusedException refused =
        new AwsRefusedException(
            operation,
            e.statusCode(),
            clean(code.isEmpty() ? "Error" : code),
            clean(message == null || message.isBlank() ? "(no message)" : message));
    refused.initCause(e);
    return refused;
  }

  /** A 4xx that says the request itself is wrong; not throttling, skew or a timeout. */
  static boolean refusal(AwsServiceException e) {
    int status = e.statusCode();
    return status >= 400
        && status < 500
        && status != 408
        && status != 429
        && !e.isThrottlingException()
        && !e.isClockSkewException();
  }

  /** Service text quoted in a one-line message: bounded, control characters replaced. */
  static String clean(String text) {
    String cut = text.length() > MAX_MESSAGE ? text.substring(0, MAX_MESSAGE) + "…" : text;
    return cut.replaceAll("\\p{Cntrl}", " ").strip();
  }
}
