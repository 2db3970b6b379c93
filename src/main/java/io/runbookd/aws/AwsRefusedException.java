package io.runbookd.aws;

import io.runbookd.plugin.RefusedException;

/**
 * An AWS service answered that the request cannot succeed as asked (invalid parameter, access
 * denied, unknown resource): the engine neither retries it nor counts it against the circuit. The
 * message names the operation, the status, AWS's error code and AWS's message.
 */
public final class AwsRefusedException extends RefusedException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final String errorCode;

  public AwsRefusedException(String operation, int status, String errorCode, String message) {
    super(operation + " refused (" + status + " " + errorCode + "): " + message);
    this.status = status;
    this.errorCode = errorCode;
  }

  public int status() {
    return status;
  }

  /** AWS's error code, e.g. {@code InvalidParameterValue} or {@code AccessDenied}. */
  public String errorCode() {
    return errorCode;
  }
}
