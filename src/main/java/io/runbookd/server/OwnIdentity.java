package io.runbookd.server;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Who this runbookd is: its namespace (never acted on) and its name as a lease owner. */
final class OwnIdentity {
  private static final Path NAMESPACE_FILE =
      Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");

  private OwnIdentity() {}

  /** The namespace runbookd runs in, or "" outside a cluster. */
  static String namespace() {
    try {
      return Files.isReadable(NAMESPACE_FILE)
          ? Files.readString(NAMESPACE_FILE, StandardCharsets.UTF_8).trim()
          : "";
    } catch (IOException e) {
      return "";
    }
  }

  /**
   * The lease owner name: the host name, stable across restarts of the same pod or machine, so
   * a restarted daemon resumes its own incidents at once instead of waiting for their leases.
   */
  static String owner() {
    try {
      return "runbookd@" + InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "runbookd@unknown";
    }
  }
}
