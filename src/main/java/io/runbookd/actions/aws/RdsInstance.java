package io.runbookd.actions.aws;

import io.runbookd.aws.AwsErrors;
import io.runbookd.aws.AwsRefusedException;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.PendingModifiedValues;

/**
 * The parts of an RDS instance the resize reads: its class now, its status, and the class a pending
 * modification will give it.
 */
record RdsInstance(String instanceClass, String status, Optional<String> pendingClass) {
  static final String DESCRIBE = "RDS DescribeDBInstances";

  /** Describes {@code instance}; an unknown instance is a refusal (AWS answers 404). */
  static RdsInstance describe(RdsClient rds, String instance) throws Exception {
    List<DBInstance> found;
    try {
      found = rds.describeDBInstances(r -> r.dbInstanceIdentifier(instance)).dbInstances();
    } catch (AwsServiceException e) {
      throw AwsErrors.classify(DESCRIBE, e);
    }
    if (found.isEmpty()) {
      throw new AwsRefusedException(DESCRIBE, 200, "DBInstanceNotFound", "no instance " + instance);
    }
    return of(found.get(0));
  }

  static RdsInstance of(DBInstance db) {
    PendingModifiedValues pending = db.pendingModifiedValues();
    return new RdsInstance(
        db.dbInstanceClass(),
        db.dbInstanceStatus() == null ? "unknown" : db.dbInstanceStatus(),
        Optional.ofNullable(pending).map(PendingModifiedValues::dbInstanceClass));
  }

  boolean pending(String wanted) {
    return pendingClass.equals(Optional.of(wanted));
  }
}
