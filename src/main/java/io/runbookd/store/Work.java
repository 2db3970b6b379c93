package io.runbookd.store;

/**
 * A write to run in the writer's transaction. It must only touch the store (no call to another
 * system, no wait on another write) and be safe to run again: when another write of the same
 * batch fails, the batch is rolled back and run again without it.
 */
@FunctionalInterface
public interface Work<T> {
  T run(Tx tx) throws java.sql.SQLException;
}
