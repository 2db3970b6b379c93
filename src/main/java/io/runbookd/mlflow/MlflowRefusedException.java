package io.runbookd.mlflow;

import io.runbookd.plugin.RefusedException;
import java.util.Locale;

/**
 * The tracking server answered that the request cannot succeed, with MLflow's error body ({@code
 * {"error_code": "RESOURCE_DOES_NOT_EXIST", "message": "…"}}) or without one (an endpoint the
 * server does not have). The message names the call, the status, the code and MLflow's message.
 */
public final class MlflowRefusedException extends RefusedException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final String errorCode;
  private final String serverMessage;

  MlflowRefusedException(String call, int status, String errorCode, String serverMessage) {
    super(
        "mlflow "
            + call
            + " refused ("
            + status
            + (errorCode.isEmpty() ? "" : " " + errorCode)
            + ")"
            + (serverMessage.isEmpty() ? "" : ": " + serverMessage));
    this.status = status;
    this.errorCode = errorCode;
    this.serverMessage = serverMessage;
  }

  public int status() {
    return status;
  }

  /** MLflow's {@code error_code}, empty when the answer had none. */
  public String errorCode() {
    return errorCode;
  }

  /**
   * The alias is not set: MLflow's SQL and file stores answer {@code 400 INVALID_PARAMETER_VALUE}
   * "Registered model alias production not found."; other registries {@code 404
   * RESOURCE_DOES_NOT_EXIST} naming the alias.
   */
  public boolean aliasAbsent() {
    String text = serverMessage.toLowerCase(Locale.ROOT);
    boolean namesAlias = text.contains("alias") && text.contains("not found");
    return namesAlias
        && ((status == 400 && errorCode.equals("INVALID_PARAMETER_VALUE"))
            || (status == 404 && errorCode.equals("RESOURCE_DOES_NOT_EXIST")));
  }

  /** A 404 that is not MLflow's: the server has no such endpoint (aliases came in MLflow 2.3). */
  public boolean noSuchEndpoint() {
    return status == 404 && (errorCode.isEmpty() || errorCode.equals("ENDPOINT_NOT_FOUND"));
  }
}
