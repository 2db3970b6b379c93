package io.runbookd.k8s;

import io.runbookd.plugin.RefusedException;

/**
 * The Kubernetes object a rule step names does not exist; the message names it. The API server
 * answered, so this is no sign of an outage: the engine neither retries it nor opens the
 * circuit for Kubernetes on it.
 */
public final class NotFoundException extends RefusedException {
  private static final long serialVersionUID = 1L;

  public NotFoundException(String kind, String namespace, String name) {
    super(kind + " " + namespace + "/" + name + " not found");
  }
}
