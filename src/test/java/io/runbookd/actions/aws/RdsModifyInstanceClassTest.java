package io.runbookd.actions.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.runbookd.actions.Outcome;
import io.runbookd.actions.Reversibility;
import io.runbookd.aws.AwsClients;
import io.runbookd.aws.AwsRefusedException;
import io.runbookd.aws.AwsTimeouts;
import io.runbookd.aws.CloudWatchWire;
import io.runbookd.plugin.ParamBinder;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.model.RdsException;

/** aws.rds_modify_instance_class against WireMock speaking RDS's AWS Query protocol. */
class RdsModifyInstanceClassTest {
  private static final String NS = "http://rds.amazonaws.com/doc/2014-10-31/";

  private CloudWatchWire wire;
  private AwsClients clients;
  private RdsModifyInstanceClass resize;

  @BeforeEach
  void start() {
    wire = CloudWatchWire.start();
    clients = wire.clients(AwsTimeouts.all(Duration.ofSeconds(5)));
    resize = new RdsModifyInstanceClass(clients);
  }

  @AfterEach
  void stop() {
    clients.close();
    wire.close();
  }

  private static String instance(String klass, String status, String pending) {
    return "<DBInstance><DBInstanceIdentifier>nba-mcp-prod</DBInstanceIdentifier>"
        + "<DBInstanceClass>"
        + klass
        + "</DBInstanceClass>"
        + "<DBInstanceStatus>"
        + status
        + "</DBInstanceStatus>"
        + "<PendingModifiedValues>"
        + (pending == null ? "" : "<DBInstanceClass>" + pending + "</DBInstanceClass>")
        + "</PendingModifiedValues></DBInstance>";
  }

  private void describes(String klass, String status, String pending) {
    answer(
        "DescribeDBInstances",
        200,
        "<DescribeDBInstancesResponse xmlns=\""
            + NS
            + "\"><DescribeDBInstancesResult><DBInstances>"
            + instance(klass, status, pending)
            + "</DBInstances></DescribeDBInstancesResult>"
            + "<ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata>"
            + "</DescribeDBInstancesResponse>");
  }

  private void modifies(String klass, String status, String pending) {
    answer(
        "ModifyDBInstance",
        200,
        "<ModifyDBInstanceResponse xmlns=\""
            + NS
            + "\"><ModifyDBInstanceResult>"
            + instance(klass, status, pending)
            + "</ModifyDBInstanceResult>"
            + "<ResponseMetadata><RequestId>req-2</RequestId></ResponseMetadata>"
            + "</ModifyDBInstanceResponse>");
  }

  private void answer(String action, int status, String xml) {
    wire.server()
        .stubFor(
            post(urlPathEqualTo("/"))
                .withRequestBody(containing("Action=" + action))
                .willReturn(
                    aResponse()
                        .withStatus(status)
                        .withHeader("Content-Type", "text/xml")
                        .withBody(xml)));
  }

  private static RdsModifyParams params(boolean now) {
    return new RdsModifyParams("nba-mcp-prod", "db.r5.2xlarge", now);
  }

  private List<String> bodies() {
    return wire.requests().stream().map(LoggedRequest::getBodyAsString).toList();
  }

  @Test
  void modifiesTheClassWithTheSeedsFormFields() throws Exception {
    describes("db.r5.xlarge", "available", null);
    modifies("db.r5.xlarge", "modifying", "db.r5.2xlarge");

    Outcome outcome = resize.execute(params(true));

    assertThat(outcome.status()).isEqualTo(Outcome.Status.DONE);
    assertThat(outcome.data())
        .containsEntry("previous_class", "db.r5.xlarge")
        .containsEntry("instance_class", "db.r5.2xlarge")
        .containsEntry("apply_immediately", true)
        .containsEntry("status", "modifying");
    assertThat(outcome.detail())
        .isEqualTo(
            "changing nba-mcp-prod from db.r5.xlarge to db.r5.2xlarge now (status modifying)");
    assertThat(bodies().get(1))
        .contains("Action=ModifyDBInstance")
        .contains("DBInstanceIdentifier=nba-mcp-prod")
        .contains("DBInstanceClass=db.r5.2xlarge")
        .contains("ApplyImmediately=true");
  }

  @Test
  void withoutApplyImmediatelyItWaitsForTheWindow() throws Exception {
    describes("db.r5.xlarge", "available", null);
    modifies("db.r5.xlarge", "available", "db.r5.2xlarge");

    Outcome outcome = resize.execute(params(false));

    assertThat(outcome.detail()).contains("at the next maintenance window");
    assertThat(bodies().get(1)).contains("ApplyImmediately=false");
  }

  @Test
  void notNeededWhenAlreadyThatClass() throws Exception {
    describes("db.r5.2xlarge", "available", null);

    Outcome outcome = resize.execute(params(true));

    assertThat(outcome.status()).isEqualTo(Outcome.Status.NOT_NEEDED);
    assertThat(bodies()).hasSize(1).allMatch(b -> b.contains("Action=DescribeDBInstances"));
    assertThat(resize.recheck(params(true), Instant.now()).status()).isEqualTo(Outcome.Status.DONE);
  }

  @Test
  void notNeededWhenTheChangeIsAlreadyPending() throws Exception {
    describes("db.r5.xlarge", "available", "db.r5.2xlarge");

    Outcome waiting = resize.execute(params(false));

    assertThat(waiting.status()).isEqualTo(Outcome.Status.NOT_NEEDED);
    assertThat(waiting.detail()).contains("already pending");
    assertThat(bodies()).hasSize(1);
    assertThat(resize.recheck(params(false), Instant.now()).status())
        .isEqualTo(Outcome.Status.DONE);
  }

  @Test
  void aPendingChangeIsBroughtForwardWhenAskedToApplyNow() throws Exception {
    describes("db.r5.xlarge", "available", "db.r5.2xlarge");
    modifies("db.r5.xlarge", "modifying", "db.r5.2xlarge");

    Outcome outcome = resize.execute(params(true));

    assertThat(outcome.status()).isEqualTo(Outcome.Status.DONE);
    assertThat(bodies().get(1)).contains("ApplyImmediately=true");
  }

  @Test
  void recheckSaysNotAppliedWhenNothingChanged() throws Exception {
    describes("db.r5.xlarge", "available", null);

    assertThat(resize.recheck(params(true), Instant.now()).status())
        .isEqualTo(Outcome.Status.NOT_APPLIED);
  }

  @Test
  void anInvalidStateIsARefusal() {
    describes("db.r5.xlarge", "backing-up", null);
    answer(
        "ModifyDBInstance",
        400,
        "<ErrorResponse xmlns=\""
            + NS
            + "\"><Error><Type>Sender</Type>"
            + "<Code>InvalidDBInstanceState</Code>"
            + "<Message>Database instance is not in available state.</Message></Error>"
            + "<RequestId>req-3</RequestId></ErrorResponse>");

    assertThatThrownBy(() -> resize.execute(params(true)))
        .isInstanceOf(AwsRefusedException.class)
        .hasMessage(
            "RDS ModifyDBInstance refused (400 InvalidDBInstanceState): Database instance"
                + " is not in available state.");
  }

  @Test
  void anUnknownInstanceIsARefusalAndA503IsNot() {
    answer(
        "DescribeDBInstances",
        404,
        "<ErrorResponse xmlns=\""
            + NS
            + "\"><Error><Type>Sender</Type>"
            + "<Code>DBInstanceNotFound</Code><Message>DBInstance nba-mcp-prod not found.</Message>"
            + "</Error><RequestId>req-4</RequestId></ErrorResponse>");

    assertThatThrownBy(() -> resize.execute(params(true)))
        .isInstanceOf(AwsRefusedException.class)
        .hasMessageContaining("DBInstanceNotFound");

    wire.server().resetAll();
    answer(
        "DescribeDBInstances",
        503,
        "<ErrorResponse><Error><Code>ServiceUnavailable</Code>" + "</Error></ErrorResponse>");
    assertThatThrownBy(() -> resize.execute(params(true))).isInstanceOf(RdsException.class);
  }

  @Test
  void needsApprovalAndRefusesCraftedParameters() {
    Map<String, Object> good =
        Map.of("instance", "nba-mcp-prod", "instance_class", "db.r5.2xlarge");

    assertThat(resize.reversibility()).isEqualTo(Reversibility.PERMANENT);
    assertThat(resize.target(params(true)).key()).isEqualTo("aws:rds:db/nba-mcp-prod");
    assertThat(problems(good, "instance", "nba-mcp-prod&DBInstanceClass=db.x1.32xlarge"))
        .singleElement()
        .asString()
        .startsWith("instance: ");
    assertThat(problems(good, "instance", "nba--prod")).hasSize(1);
    assertThat(problems(good, "instance", "nba-prod-")).hasSize(1);
    assertThat(problems(good, "instance_class", "db.r5.2xlarge&ApplyImmediately=true")).hasSize(1);
    assertThat(problems(good, "instance_class", "r5.2xlarge")).hasSize(1);
    assertThat(problems(good, "apply_immediately", "yes")).hasSize(1);
    assertThat(problems(good, "instance_class", "db.r6gd.16xlarge")).isEmpty();
  }

  private List<String> problems(Map<String, Object> good, String key, Object value) {
    Map<String, Object> raw = new HashMap<>(good);
    raw.put(key, value);
    return ParamBinder.problems(resize.info().params(), raw);
  }
}
