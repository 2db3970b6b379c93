package io.runbookd.aws;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * Calls an AWS JSON 1.1 API for which no SDK service module is available here (Cost Explorer):
 * {@code POST /} with {@code X-Amz-Target: Service.Operation} and {@code Content-Type:
 * application/x-amz-json-1.1}, signed by the SDK's own SigV4 signer ({@link AwsV4HttpSigner}) with
 * the credentials of the SDK's chain, sent through the same HTTP client as every AWS SDK client.
 * The whole call is bounded by {@link AwsTimeouts#apiCall()}: past it the request is aborted.
 */
public final class AwsJsonRpc {
  private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();

  /**
   * One JSON API.
   *
   * @param signingName the SigV4 service name, e.g. {@code ce}
   * @param region the signing region, e.g. {@code us-east-1}
   * @param endpoint where requests go when {@code aws.endpoint} does not override it
   */
  public record Service(String signingName, String region, URI endpoint) {}

  private final SdkHttpClient http;
  private final AwsCredentialsProvider credentials;
  private final AwsTimeouts timeouts;
  private final Optional<URI> endpointOverride;

  AwsJsonRpc(
      SdkHttpClient http,
      AwsCredentialsProvider credentials,
      AwsTimeouts timeouts,
      Optional<URI> endpointOverride) {
    this.http = Objects.requireNonNull(http);
    this.credentials = Objects.requireNonNull(credentials);
    this.timeouts = Objects.requireNonNull(timeouts);
    this.endpointOverride = Objects.requireNonNull(endpointOverride);
  }

  /**
   * Sends {@code json} to {@code target} (e.g. {@code AWSInsightsIndexService.GetCostAndUsage}) and
   * returns the answer, whatever its status.
   *
   * @throws IOException when the service cannot be reached or does not answer in time
   */
  public AwsJsonAnswer call(Service service, String target, byte[] json, int maxBytes)
      throws IOException {
    SignedRequest signed = sign(service, request(service, target, json), json);
    ExecutableHttpRequest call =
        http.prepareRequest(
            HttpExecuteRequest.builder()
                .request(signed.request())
                .contentStreamProvider(signed.payload().orElse(null))
                .build());
    AtomicBoolean timedOut = new AtomicBoolean();
    CompletableFuture<Void> deadline =
        CompletableFuture.runAsync(
            () -> {
              timedOut.set(true);
              call.abort();
            },
            CompletableFuture.delayedExecutor(
                timeouts.apiCall().toMillis(), TimeUnit.MILLISECONDS));
    try {
      HttpExecuteResponse response = call.call();
      return read(response, maxBytes);
    } catch (IOException e) {
      if (timedOut.get()) {
        throw new IOException(
            target + ": no complete answer within " + timeouts.apiCall().toMillis() + " ms", e);
      }
      throw e;
    } finally {
      deadline.cancel(false);
    }
  }

  private SdkHttpFullRequest request(Service service, String target, byte[] json) {
    URI endpoint = endpointOverride.orElse(service.endpoint());
    return SdkHttpFullRequest.builder()
        .method(SdkHttpMethod.POST)
        .uri(endpoint)
        .encodedPath("/")
        .putHeader("Content-Type", "application/x-amz-json-1.1")
        .putHeader("X-Amz-Target", target)
        .putHeader("Content-Length", Integer.toString(json.length))
        .putHeader("Accept", "application/json")
        .build();
  }

  private SignedRequest sign(Service service, SdkHttpFullRequest request, byte[] json) {
    return SIGNER.sign(
        r ->
            r.identity(credentials.resolveCredentials())
                .request(request)
                .payload(ContentStreamProvider.fromByteArray(json))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service.signingName())
                .putProperty(AwsV4HttpSigner.REGION_NAME, service.region()));
  }

  private static AwsJsonAnswer read(HttpExecuteResponse response, int maxBytes) throws IOException {
    int status = response.httpResponse().statusCode();
    Optional<String> errorType = response.httpResponse().firstMatchingHeader("x-amzn-ErrorType");
    if (response.responseBody().isEmpty()) {
      return new AwsJsonAnswer(status, new byte[0], false, errorType);
    }
    try (InputStream body = response.responseBody().get()) {
      byte[] bytes = body.readNBytes(maxBytes);
      boolean truncated = body.read() >= 0;
      if (truncated) {
        response.responseBody().get().abort();
      }
      return new AwsJsonAnswer(status, bytes, truncated, errorType);
    }
  }
}
