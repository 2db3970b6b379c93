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
   * The lease owner name: the host name plus a random part drawn at start, so two processes on
   * one host (two pods on a node, two daemons on a machine) never share an identity, and a
   * restarted daemon never mistakes its predecessor's leases for its own.
   */
  static String owner() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      host = "unknown";
    }
    String suffix = java.util.HexFormat.of().formatHex(java.nio.ByteBuffer.allocate(8)
        .putLong(new java.security.SecureRandom().nextLong()).array(), 0, 6);
    String name = "runbookd@" + host;
    return (name.length() > 48 ? name.substring(0, 48) : name) + "/" + suffix;
  }
}
