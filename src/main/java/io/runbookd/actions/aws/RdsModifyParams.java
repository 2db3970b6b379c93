package io.runbookd.actions.aws;

/**
 * What {@code aws.rds_modify_instance_class} changes: instance {@code instance} to {@code
 * instanceClass}, now or at the next maintenance window.
 */
public record RdsModifyParams(String instance, String instanceClass, boolean applyImmediately) {
  String when() {
    return applyImmediately ? "now" : "at the next maintenance window";
  }
}
