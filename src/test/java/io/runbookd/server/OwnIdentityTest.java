package io.runbookd.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Two runbookd processes on one host (two pods on a node, two daemons on a machine) are two lease owners. */
class OwnIdentityTest {
  @Test
  void everyDaemonOnOneHostIsALeaseOwnerOfItsOwn() throws Exception {
    String host = InetAddress.getLocalHost().getHostName();
    Set<String> owners = new HashSet<>();

    for (int i = 0; i < 50; i++) {
      owners.add(OwnIdentity.owner());
    }

    assertThat(owners).hasSize(50).allSatisfy(owner -> assertThat(owner)
        .startsWith(("runbookd@" + host).substring(0, Math.min(48, 9 + host.length())) + "/")
        .hasSizeLessThanOrEqualTo(48 + 1 + 12));
  }
}
