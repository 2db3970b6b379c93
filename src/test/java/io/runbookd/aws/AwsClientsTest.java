package io.runbookd.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesResponse;
import software.amazon.awssdk.services.rds.model.RdsException;

class AwsClientsTest {
  private static final String DESCRIBE_XML =
      """
      <DescribeDBInstancesResponse xmlns="http://rds.amazonaws.com/doc/2014-10-31/">
        <DescribeDBInstancesResult><DBInstances><DBInstance>
          <DBInstanceIdentifier>nba-mcp-prod</DBInstanceIdentifier>
          <DBInstanceClass>db.r5.xlarge</DBInstanceClass>
        </DBInstance></DBInstances></DescribeDBInstancesResult>
        <ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata>
      </DescribeDBInstancesResponse>
      """;

  private CloudWatchWire wire;
  private AwsClients clients;

  @BeforeEach
  void start() {
    wire = CloudWatchWire.start();
    clients = wire.clients(AwsTimeouts.all(Duration.ofSeconds(5)));
  }

  @AfterEach
  void stop() {
    clients.close();
    wire.close();
  }

  @Test
  void buildsEachClientOnceOnFirstUse() {
    assertThat(clients.cloudWatch()).isSameAs(clients.cloudWatch());
    assertThat(clients.rds()).isSameAs(clients.rds());
  }

  @Test
  void rdsClientUsesTheConfiguredEndpointRegionAndCredentials() {
    wire.server().stubFor(post(urlPathEqualTo("/")).willReturn(xml(200, DESCRIBE_XML)));

    DescribeDbInstancesResponse response =
        clients.rds().describeDBInstances(r -> r.dbInstanceIdentifier("nba-mcp-prod"));

    assertThat(response.dbInstances().get(0).dbInstanceClass()).isEqualTo("db.r5.xlarge");
    LoggedRequest request = wire.requests().get(0);
    assertThat(request.getBodyAsString())
        .contains("Action=DescribeDBInstances")
        .contains("DBInstanceIdentifier=nba-mcp-prod");
    assertThat(request.getHeader("Authorization"))
        .contains("Credential=AKIDTEST/")
        .contains("/us-west-2/rds/aws4_request");
  }

  @Test
  void leavesRetriesToTheEngine() {
    wire.server().stubFor(post(urlPathEqualTo("/")).willReturn(xml(503, "<Error/>")));

    assertThatThrownBy(() -> clients.rds().describeDBInstances(r -> r.dbInstanceIdentifier("x")))
        .isInstanceOf(RdsException.class);

    assertThat(wire.requests()).hasSize(1);
    assertThat(wire.requests().get(0).getHeader("amz-sdk-request")).contains("max=1");
  }

  @Test
  void refusesToBuildClientsAfterClose() {
    clients.close();

    assertThatThrownBy(() -> clients.cloudWatch()).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void logsWhereItConnectsButNeverTheCredentials() {
    Logger logger = (Logger) LoggerFactory.getLogger(AwsClients.class);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    try {
      clients.cloudWatch();
    } finally {
      logger.detachAppender(appender);
    }

    assertThat(appender.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .singleElement()
        .asString()
        .contains("region us-west-2", "endpoint http://127.0.0.1:")
        .doesNotContain("AKIDTEST", "test-secret");
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder xml(
      int status, String body) {
    return aResponse().withStatus(status).withHeader("Content-Type", "text/xml").withBody(body);
  }
}
