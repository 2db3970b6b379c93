package io.runbookd.aws;

import io.runbookd.config.RunbookdConfig;
import java.net.URI;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * Builds the AWS SDK clients the AWS probes and actions share, each on first use (a daemon whose
 * rules never touch AWS never resolves a region or credentials). Region and endpoint come from
 * {@code aws.*} config, else the SDK's default chains; credentials from the default chain unless a
 * provider is given. The SDK's own retries are off: the engine owns retries, timeouts and the
 * circuit breaker, and SDK retries beneath them would multiply attempts against a struggling
 * service and outlive the engine's time limit. Every call is bounded by {@link AwsTimeouts},
 * because the engine's interrupt cannot unblock a hung socket.
 */
public final class AwsClients implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AwsClients.class);

  private final RunbookdConfig.Aws aws;
  private final AwsTimeouts timeouts;
  private final AwsCredentialsProvider givenCredentials;
  private AwsCredentialsProvider credentials;
  private SdkHttpClient http;
  private CloudWatchClient cloudWatch;
  private RdsClient rds;
  private S3Client s3;
  private SecretsManagerClient secrets;
  private AwsJsonRpc jsonRpc;
  private boolean closed;

  /** The daemon's clients: default credentials chain, default timeouts. */
  public AwsClients(RunbookdConfig.Aws aws) {
    this(aws, null, AwsTimeouts.DEFAULTS);
  }

  /**
   * Clients with the given credentials (null: the SDK's default chain) and timeouts; tests pass
   * static credentials and short timeouts.
   */
  public AwsClients(
      RunbookdConfig.Aws aws, AwsCredentialsProvider credentials, AwsTimeouts timeouts) {
    this.aws = Objects.requireNonNull(aws);
    this.timeouts = Objects.requireNonNull(timeouts);
    this.givenCredentials = credentials;
  }

  /** CloudWatch (Smithy RPC v2 CBOR in SDK 2.57), built on first use. */
  public synchronized CloudWatchClient cloudWatch() {
    if (cloudWatch == null) {
      cloudWatch = configure(CloudWatchClient.builder());
      LOG.info("aws: cloudwatch client, {}", describe());
    }
    return cloudWatch;
  }

  /** RDS (AWS Query), built on first use, with the same settings. */
  public synchronized RdsClient rds() {
    if (rds == null) {
      rds = configure(RdsClient.builder());
      LOG.info("aws: rds client, {}", describe());
    }
    return rds;
  }

  /**
   * S3 (REST-XML), built on first use. With a configured endpoint (an S3-compatible store, a test
   * stub) buckets go in the path, as such endpoints expect; against AWS, in the host name.
   */
  public synchronized S3Client s3() {
    if (s3 == null) {
      s3 = configure(S3Client.builder().forcePathStyle(aws.endpoint().isPresent()));
      LOG.info("aws: s3 client, {}", describe());
    }
    return s3;
  }

  /** Secrets Manager (AWS JSON 1.1), built on first use; runbookd reads metadata only. */
  public synchronized SecretsManagerClient secretsManager() {
    if (secrets == null) {
      secrets = configure(SecretsManagerClient.builder());
      LOG.info("aws: secrets manager client, {}", describe());
    }
    return secrets;
  }

  /**
   * Signed JSON 1.1 calls for APIs without an SDK module here (Cost Explorer), on the same
   * connection pool, credentials and timeouts, built on first use.
   */
  public synchronized AwsJsonRpc jsonRpc() {
    if (closed) {
      throw new IllegalStateException("AWS clients are closed");
    }
    if (jsonRpc == null) {
      jsonRpc = new AwsJsonRpc(http(), credentials(), timeouts, aws.endpoint());
      LOG.info("aws: signed JSON calls, {}", describe());
    }
    return jsonRpc;
  }

  private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C configure(
      B builder) {
    if (closed) {
      throw new IllegalStateException("AWS clients are closed");
    }
    aws.region().map(Region::of).ifPresent(builder::region);
    aws.endpoint().ifPresent(builder::endpointOverride);
    return builder
        .credentialsProvider(credentials())
        .httpClient(http())
        .overrideConfiguration(
            o ->
                o.retryStrategy(AwsRetryStrategy.doNotRetry())
                    .apiCallTimeout(timeouts.apiCall())
                    .apiCallAttemptTimeout(timeouts.attempt()))
        .build();
  }

  private AwsCredentialsProvider credentials() {
    if (credentials == null) {
      credentials =
          givenCredentials != null
              ? givenCredentials
              : DefaultCredentialsProvider.builder().build();
    }
    return credentials;
  }

  /** One connection pool for every AWS client: few calls, each short. */
  private SdkHttpClient http() {
    if (http == null) {
      http =
          Apache5HttpClient.builder()
              .connectionTimeout(timeouts.connect())
              .socketTimeout(timeouts.socket())
              .connectionAcquisitionTimeout(timeouts.connect())
              .maxConnections(timeouts.maxConnections())
              .build();
    }
    return http;
  }

  /** Region and endpoint as configured: safe to log (no credentials, no user info, no query). */
  private String describe() {
    String region = aws.region().orElse("(SDK default chain)");
    String endpoint = aws.endpoint().map(AwsClients::origin).orElse("(SDK default)");
    String creds = givenCredentials != null ? "given provider" : "SDK default chain";
    return "region " + region + ", endpoint " + endpoint + ", credentials from " + creds;
  }

  private static String origin(URI uri) {
    return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
  }

  /** Closes the clients and the pool; a provider passed in stays the caller's to close. */
  @Override
  public synchronized void close() {
    closed = true;
    closeQuietly(cloudWatch);
    closeQuietly(rds);
    closeQuietly(s3);
    closeQuietly(secrets);
    closeQuietly(http);
    if (givenCredentials == null && credentials instanceof SdkAutoCloseable owned) {
      closeQuietly(owned);
    }
    cloudWatch = null;
    rds = null;
    s3 = null;
    secrets = null;
    jsonRpc = null;
    http = null;
    credentials = null;
  }

  private static void closeQuietly(AutoCloseable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (Exception e) {
      LOG.warn("aws: closing {} failed: {}", closeable.getClass().getSimpleName(), e.toString());
    }
  }
}
